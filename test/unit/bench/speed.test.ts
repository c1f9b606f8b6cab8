import * as assert from 'assert';
import { Judgment } from '../../../server/src/core/types';
import { judgmentsFingerprint } from '../../bench/speed';

const base: Judgment = {
  code: 'uncited-figure',
  severity: 'warning',
  start: 10,
  end: 13,
  message: 'Uncited figure "415". Stated in [@a-2021, para. 3].',
  figure: { text: '415', start: 10, end: 13, value: 415, unit: '', kind: 'count', precision: 0 },
  suggestions: [{ key: 'a-2021', n: 3, locator: 'para. 3', title: 'A', score: 4.2, file: 'a.txt', startLine: 1, endLine: 2, figureText: '415' }],
};

describe('bench:speed judgments fingerprint', () => {
  it('changes with what a user sees (message, range, suggestion order or score) and not with figure internals', () => {
    const fp = judgmentsFingerprint([base]);
    assert.strictEqual(judgmentsFingerprint([{ ...base }]), fp);
    assert.strictEqual(judgmentsFingerprint([{ ...base, figure: { ...base.figure!, precision: 0.5 } }]), fp, 'figure internals are not shown');
    assert.notStrictEqual(judgmentsFingerprint([{ ...base, message: base.message + ' ' }]), fp);
    assert.notStrictEqual(judgmentsFingerprint([{ ...base, end: 14 }]), fp);
    assert.notStrictEqual(judgmentsFingerprint([{ ...base, suggestions: [{ ...base.suggestions![0], score: 4.3 }] }]), fp);
    assert.notStrictEqual(judgmentsFingerprint([base, base]), fp);
  });
});

describe('bench:speed judgments fingerprint across corpus copies', () => {
  it('reads files relative to the corpus root, so the same corpus in two folders gives the same fingerprint', () => {
    const at = (root: string): Judgment => ({ ...base, suggestions: [{ ...base.suggestions![0], file: `${root}/a.txt` }], related: [{ file: `${root}/a.txt`, startLine: 1, endLine: 2, message: 'm' }] });
    assert.strictEqual(judgmentsFingerprint([at('/x/corpus')], '/x/corpus'), judgmentsFingerprint([at('/y/corpus')], '/y/corpus'));
    assert.notStrictEqual(judgmentsFingerprint([at('/x/corpus')], '/x/corpus'), judgmentsFingerprint([at('/x/corpus')], '/x'));
  });
});

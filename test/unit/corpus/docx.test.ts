/** Word sources: mammoth in the document worker, paragraphs and tables as passages, core properties, bad files. */
import * as assert from 'assert';
import { parseDocx } from '../../../server/src/core/corpus/docx';
import { stopDocWorker } from '../../../server/src/core/corpus/worker';
import { docx } from '../../helpers/docx';
import { briefingDocx } from '../../helpers/formatsCorpus';

describe('Word (.docx) sources', function () {
  this.timeout(20000);
  after(() => stopDocWorker());

  it('paragraphs and tables become passages; headings do not; metadata from core.xml', async () => {
    const r = parseDocx(await briefingDocx(), '/c/briefing.docx');
    assert.strictEqual(r.reason, undefined);
    const [a] = r.articles;
    assert.deepStrictEqual([a.title, a.author, a.date, a.format], ['Border Deployment Briefing', 'Ministry Desk', '2022-03-31', 'docx']);
    assert.deepStrictEqual(a.passages.map((p) => p.text), [
      'The briefing says 3,450 troops were deployed to the northern border in March, more than in any month before.',
      '| State | Troops | | Sonora | 1,200 | | Chihuahua | 900 |',
      'A second paragraph notes that 14 checkpoints were added along the highways leading north.',
    ]);
  });

  it('without core properties, the first heading is the title', async () => {
    const r = parseDocx(await docx([{ h1: 'Port Security Notes' }, { p: 'Customs agents seized 2.5 tonnes of cocaine at the port of Manzanillo in a single operation.' }]), 'n.docx');
    assert.strictEqual(r.articles[0].title, 'Port Security Notes');
    assert.strictEqual(r.articles[0].date, undefined);
  });

  it('skips damaged, password-protected and empty files with reasons', async () => {
    assert.deepStrictEqual(parseDocx(Buffer.from('PK\u0003\u0004 not really a zip'), 'x.docx'), { articles: [], reason: 'not a valid .docx file (not a zip archive)' });
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    assert.match(parseDocx(ole, 'x.docx').reason!, /^encrypted \(password-protected\) or old-format Word file/);
    assert.deepStrictEqual(parseDocx(await docx([]), 'e.docx'), { articles: [], reason: 'no text in the document' });
  });
});

/** Issue 11: source and draft languages reach figure extraction, end to end. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadFile } from '../../../server/src/core/corpus/load';
import { detectLang } from '../../../server/src/core/figures';
import { CorpusIndex } from '../../../server/src/core/index/index';
import { parseDraft, draftLang } from '../../../server/src/core/parse/draft';
import { checkDraft } from '../../../server/src/core/judgments/check';
import { DraftChecker } from '../../../server/src/core/judgments/incremental';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';

const ES_ARTICLE =
  'Gobierno destina recursos a Oaxaca\n\n' +
  'El gobierno destinará 65.333 millones de pesos a la reconstrucción de las carreteras del estado, según informó la secretaría.\n\n' +
  'La inflación anual se ubicó en 15,1 % en marzo, de acuerdo con los datos que publicó el instituto de estadística.\n';

describe('figure locales (issue 11)', () => {
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-locale-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('detects Spanish and English text, and says nothing on too little text', () => {
    assert.strictEqual(detectLang(ES_ARTICLE), 'es');
    assert.strictEqual(detectLang('The government said the figures for the year were higher than expected by the market.'), 'en');
    assert.strictEqual(detectLang('15,1 %'), undefined);
  });

  it('reads a Spanish source with Spanish decimals and grouping (detected)', () => {
    fs.writeFileSync(path.join(tmp, 'oaxaca.txt'), ES_ARTICLE);
    const src = loadFile(path.join(tmp, 'oaxaca.txt'), tmp).sources[0];
    assert.strictEqual(src.lang, 'es');
    const figs = src.passages.flatMap((p) => p.figures).map((f) => [f.value, f.unit]);
    assert.deepStrictEqual(figs, [
      [6.5333e10, 'MXN'],
      [15.1, '%'],
    ]);
  });

  it('front matter lang: wins over detection (and English stays the default)', () => {
    fs.writeFileSync(path.join(tmp, 'note.md'), '---\ntitle: Nota\nlang: es\n---\n\nSe vendieron 1.500 unidades.\n');
    const es = loadFile(path.join(tmp, 'note.md'), tmp).sources[0];
    assert.strictEqual(es.lang, 'es');
    assert.deepStrictEqual(es.passages.flatMap((p) => p.figures).map((f) => f.value), [1500]);
    fs.writeFileSync(path.join(tmp, 'en.md'), '---\ntitle: Note\n---\n\nThey sold 1.500 units.\n');
    const en = loadFile(path.join(tmp, 'en.md'), tmp).sources[0];
    assert.deepStrictEqual(en.passages.flatMap((p) => p.figures).map((f) => f.value), [1.5]);
  });

  it("an English draft's figures are backed by the Spanish source's", () => {
    fs.writeFileSync(path.join(tmp, 'oaxaca.txt'), ES_ARTICLE);
    const src = loadFile(path.join(tmp, 'oaxaca.txt'), tmp).sources[0];
    const ix = new CorpusIndex();
    ix.addSources([src]);
    const draft = `Oaxaca gets 65,333 million pesos [@${src.key}, para. 1]. Inflation was 15.1% [@${src.key}, para. 2]. It was 16.1% [@${src.key}, para. 2].`;
    const codes = checkDraft(parseDraft(draft), ix, DEFAULT_SETTINGS).judgments.map((j) => `${j.code}:${j.figure?.text ?? ''}`);
    assert.deepStrictEqual(codes, ['figure-not-in-source:16.1%']);
  });

  it('a draft may set lang: in its front matter (whole draft, incremental check too)', () => {
    const text = '---\nlang: es\n---\n\nLa inflación fue de 15,1 %.\n';
    assert.strictEqual(draftLang(text), 'es');
    assert.strictEqual(draftLang('No front matter, lang: es'), undefined);
    const m = parseDraft(text);
    assert.strictEqual(m.lang, 'es');
    const ix = new CorpusIndex();
    const res = new DraftChecker().check(text, ix, DEFAULT_SETTINGS);
    assert.deepStrictEqual(
      res.figures.map((f) => f.figure.value),
      [15.1],
    );
    const en = new DraftChecker().check('La inflación fue de 15,1 %.\n', ix, DEFAULT_SETTINGS);
    assert.notDeepStrictEqual(
      en.figures.map((f) => f.figure.value),
      [15.1],
    );
  });
});

/**
 * Feature tests in process, as the markdown language service does them: an in-memory draft with a
 * `$$CURSOR$$` marker, a small in-memory corpus, and the feature function called directly (no LSP
 * connection, no files). The stdio tests in test/lsp/ cover the protocol; these cover behaviour.
 */
import * as assert from 'assert';
import { CompletionItem, CompletionList, Diagnostic, MarkupContent, Position, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DraftChecker } from '../../../server/src/core/judgments/incremental';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { provideCodeActions } from '../../../server/src/features/codeActions';
import { provideCompletion, resolveCompletion } from '../../../server/src/features/completion';
import { provideDefinition } from '../../../server/src/features/definition';
import { provideDiagnostics } from '../../../server/src/features/diagnostics';
import { provideHover } from '../../../server/src/features/hover';
import { sentenceContext } from '../../../server/src/features/common';
import { AID, AMBUSH, BUDGET, indexOf, source } from '../../helpers/fixtures';

const CURSOR = '$$CURSOR$$';

/** The draft without its marker, and the marker's position. */
function draftAt(textWithCursor: string): { doc: TextDocument; pos: Position } {
  const at = textWithCursor.indexOf(CURSOR);
  assert.ok(at >= 0, 'test draft needs a $$CURSOR$$ marker');
  const doc = TextDocument.create('file:///draft.md', 'markdown', 1, textWithCursor.slice(0, at) + textWithCursor.slice(at + CURSOR.length));
  return { doc, pos: doc.positionAt(at) };
}

function analyse(doc: TextDocument, index = indexOf(AMBUSH, AID, BUDGET)) {
  const check = new DraftChecker().check(doc.getText(), index, DEFAULT_SETTINGS);
  return { index, check };
}

function hoverText(textWithCursor: string, index = indexOf(AMBUSH, AID, BUDGET)): string | undefined {
  const { doc, pos } = draftAt(textWithCursor);
  const { check } = analyse(doc, index);
  const h = provideHover(index, doc, pos, DEFAULT_SETTINGS, check);
  return h ? (h.contents as MarkupContent).value : undefined;
}

function completionItems(textWithCursor: string): CompletionItem[] {
  const { doc, pos } = draftAt(textWithCursor);
  const { index, check } = analyse(doc);
  const list = provideCompletion(index, doc, pos, DEFAULT_SETTINGS, check) as CompletionList | null;
  return list?.items ?? [];
}

function applyEdits(doc: TextDocument, edits: TextEdit[]): string {
  return TextDocument.applyEdits(doc, edits);
}

describe('features in process ($$CURSOR$$ drafts)', () => {
  describe('hover', () => {
    it('on a cited key shows the located passage with the figure in bold and "para. N of M"', () => {
      const v = hoverText('In 2019, 414 police were killed [@ambush-$$CURSOR$$2021, para. 3].');
      assert.ok(v, 'a hover');
      assert.match(v!, /\*\*414\*\*/);
      assert.match(v!, /para\. 3 of 5/);
      assert.match(v!, /13 Edomex Officers Killed in Ambush/);
    });

    it('on an unknown key names it and suggests the nearest key', () => {
      const v = hoverText('In 2019, 414 police were killed [@ambush-$$CURSOR$$2012, para. 3].');
      assert.ok(v);
      assert.match(v!, /Unknown source/);
      assert.match(v!, /ambush-2021/);
    });

    it('escapes Markdown and HTML in source text and never renders a command link', () => {
      const hostile = source('hostile-2020', 'Evil <img src=x onerror=alert(1)> [run](command:workbench.action.quit)', [
        'Officials said 77 people [click](command:workbench.action.quit) <script>alert(1)</script> **were** hurt.',
      ]);
      const v = hoverText('About 77 people were hurt [@hostile-$$CURSOR$$2020, para. 1].', indexOf(hostile));
      assert.ok(v);
      assert.doesNotMatch(v!, /(?<!\\)\]\(command:/, 'no live command link');
      assert.doesNotMatch(v!, /(?<!\\)</, 'every < is escaped: no raw HTML');
      assert.doesNotMatch(v!, /(?<!\\)\*\*were/, 'source emphasis is escaped');
      assert.match(v!, /\*\*77\*\*/, 'our own bold on the figure stays');
    });

    it('gives nothing on plain prose away from citations and figures', () => {
      assert.strictEqual(hoverText('Plain wo$$CURSOR$$rds here.'), undefined);
    });
  });

  describe('completion', () => {
    it('ranks the passage that states the sentence figure first', () => {
      const items = completionItems('In 2020, 524 police officers were killed across the country [@$$CURSOR$$');
      assert.ok(items.length >= 2, 'several items');
      const first = items.slice().sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label))[0];
      const firstText = JSON.stringify(first);
      assert.match(firstText, /ambush-2021/);
      assert.match(firstText, /para\. 4/);
    });

    it('fills the list with the sources no passage ranked, in the index order, each once', () => {
      // Nothing in the corpus matches these words: every item is a source, as sources() lists them.
      const { doc, pos } = draftAt('Zebras quietly xylophone [@$$CURSOR$$');
      const { index, check } = analyse(doc);
      const list = provideCompletion(index, doc, pos, DEFAULT_SETTINGS, check) as CompletionList;
      assert.deepStrictEqual(
        list.items.map((i) => i.label),
        index.sources().map((s) => s.key),
      );
      // Some ranked: those first, then the others in index order, none twice.
      const ranked = completionItems('In 2020, 524 police officers were killed across the country [@$$CURSOR$$').filter((i) => !String(i.label).includes(','));
      const labels = ranked.map((i) => String(i.label));
      assert.strictEqual(new Set(labels).size, labels.length);
      assert.deepStrictEqual([...labels].sort(), index.sources().map((s) => s.key).sort());
    });

    it('reads the figure context only of hits that pass the cheap tests (text score, typed query)', () => {
      // Ten passages state 524 with no word of the sentence: their text score is below half the best,
      // so whether their context shares the sentence's never needs reading.
      const noise = Array.from({ length: 10 }, (_, i) => source(`noise-${i}`, `Orchard ${i}`, [`Farmers picked 524 apples in orchard ${i}.`]));
      const index = indexOf(AMBUSH, AID, BUDGET, ...noise);
      const { doc, pos } = draftAt('In 2020, 524 police officers were killed across the country [@$$CURSOR$$');
      const check = new DraftChecker().check(doc.getText(), index, DEFAULT_SETTINGS);
      // The compiled module's exports object: completion reads sharesContext from it on each call.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const context = require('../../../server/src/core/judgments/context') as { sharesContext: (...a: unknown[]) => boolean };
      const real = context.sharesContext;
      const asked: string[] = [];
      context.sharesContext = (...a: unknown[]) => {
        asked.push((a[2] as { text: string }).text);
        return real(...a);
      };
      let list: CompletionList;
      try {
        list = provideCompletion(index, doc, pos, DEFAULT_SETTINGS, check) as CompletionList;
      } finally {
        context.sharesContext = real;
      }
      assert.ok(asked.length > 0, 'the passage stating 524 about police is asked');
      assert.deepStrictEqual(asked.filter((t) => t.includes('orchard')), [], 'no noise passage is asked');
      assert.match(String(list.items[0].label), /ambush-2021, para\. 4/);
    });

    it('ranks a sentence once per index version: the keystrokes of a key ask again with the same sentence', () => {
      const index = indexOf(AMBUSH, AID, BUDGET);
      let ranked = 0;
      const rank = index.rankPassages.bind(index);
      index.rankPassages = (...a: Parameters<typeof rank>) => (ranked++, rank(...a));
      const ask = (text: string) => {
        const { doc, pos } = draftAt(text);
        const check = new DraftChecker().check(doc.getText(), index, DEFAULT_SETTINGS);
        ranked = 0;
        const list = provideCompletion(index, doc, pos, DEFAULT_SETTINGS, check) as CompletionList;
        return { list, ranked };
      };
      const first = ask('In 2020, 524 police officers were killed across the country [@$$CURSOR$$');
      assert.strictEqual(first.ranked, 1);
      const typed = ask('In 2020, 524 police officers were killed across the country [@amb$$CURSOR$$');
      assert.strictEqual(typed.ranked, 0, 'the same sentence: no new ranking');
      assert.match(String(typed.list.items[0].label), /ambush-2021/);
      assert.strictEqual(ask('In 2020, 525 police officers were killed across the country [@$$CURSOR$$').ranked, 1, 'another figure');
      assert.strictEqual(ask('In 2020, 524 police officers died across the country [@$$CURSOR$$').ranked, 1, 'other words');
      index.addSources([source('extra-2022', 'Extra', ['Police officers were killed: 524 in 2020.'])]);
      const again = ask('In 2020, 524 police officers were killed across the country [@$$CURSOR$$');
      assert.strictEqual(again.ranked, 1, 'the index changed');
      assert.ok(again.list.items.some((i) => String(i.label).startsWith('extra-2022')), 'the new source is offered');
    });

    it('leaves out what LSP defaults to (filter text = label, plain text, preselect false), keeps the typed query as filter text', () => {
      const items = completionItems('In 2020, 524 police officers were killed across the country [@$$CURSOR$$');
      assert.ok(items.length > 3);
      items.forEach((it, i) => {
        assert.ok(!('filterText' in it) && !('insertTextFormat' in it), `item ${i}: no default filter text or format`);
        assert.strictEqual('preselect' in it, i === 0, `item ${i}: only the first is preselected`);
        assert.strictEqual(it.sortText, String(i).padStart(5, '0'));
      });
      assert.strictEqual(items[0].preselect, true);
      const typed = completionItems('In 2020, 524 police officers were killed across the country [@amb$$CURSOR$$');
      assert.ok(typed.length > 0 && typed.every((it) => it.filterText === 'amb'), 'the typed query filters every item');
    });

    it('offers nothing outside a citation', () => {
      assert.deepStrictEqual(completionItems('In 2020, 524 police $$CURSOR$$officers.'), []);
    });

    it('resolves documentation lazily with the figure in bold', () => {
      const { doc, pos } = draftAt('In 2020, 524 police officers were killed across the country [@$$CURSOR$$');
      const { index, check } = analyse(doc);
      const list = provideCompletion(index, doc, pos, DEFAULT_SETTINGS, check) as CompletionList;
      const item = list.items.find((i) => JSON.stringify(i).includes('para. 4'));
      assert.ok(item, 'a para. 4 item');
      const resolved = resolveCompletion(index, { ...item! });
      const doc2 = JSON.stringify(resolved.documentation ?? '');
      assert.match(doc2, /\*\*524\*\*/);
    });

    it('resolve bolds only figure-shaped data the client sends back, and never throws on garbage', () => {
      const { doc, pos } = draftAt('In 2020, 524 police officers were killed across the country [@$$CURSOR$$');
      const { index, check } = analyse(doc);
      const list = provideCompletion(index, doc, pos, DEFAULT_SETTINGS, check) as CompletionList;
      const item = list.items.find((i) => JSON.stringify(i).includes('para. 4'))!;
      const data = item.data as { key: string; n: number; figures: unknown };
      assert.deepStrictEqual((data.figures as { value: number }[]).map((f) => f.value), [524], 'the analysis figure travels in data');
      for (const figures of [undefined, 'x', [null, 7, { value: '524' }]]) {
        const resolved = resolveCompletion(index, { ...item, data: { ...data, figures } });
        const md = JSON.stringify(resolved.documentation ?? '');
        assert.match(md, /524/);
        assert.doesNotMatch(md, /\*\*524\*\*/, `no bold from ${JSON.stringify(figures)}`);
      }
    });
  });

  describe('sentence figures come from the analysis, not a second extraction', () => {
    it('sentenceContext returns the analysis figures inside the range, relative to its start', () => {
      const { doc } = draftAt('Intro.\n\nIn 2020, 524 police officers and 13 soldiers died [@ambush-2021].$$CURSOR$$');
      const { check } = analyse(doc);
      const s = check.model.sentences.find((x) => check.model.prose.slice(x.start, x.end).includes('524'))!;
      const ctx = sentenceContext(check, s.start, s.end);
      assert.deepStrictEqual(ctx.figures.map((f) => ctx.text.slice(f.start, f.end)), ['524', '13']);
      const whole = check.draftFigures.filter((f) => f.start >= s.start && f.end <= s.end);
      assert.deepStrictEqual(ctx.figures.map((f) => f.value), whole.map((f) => f.value));
    });

    it('a figure the analysis does not hold is not found again in the sentence text', () => {
      const { doc } = draftAt('In 2020, 524 police officers were killed [@ambush-2021].$$CURSOR$$');
      const { check } = analyse(doc);
      const s = check.model.sentences[0];
      assert.strictEqual(sentenceContext({ model: check.model, draftFigures: [] }, s.start, s.end).figures.length, 0);
      assert.strictEqual(sentenceContext(check, s.start, s.end).figures.length, 1);
    });

    it('hover bolds what the analysis holds (an empty figure list bolds nothing)', () => {
      const { doc, pos } = draftAt('In 2019, 414 police were killed [@ambush-$$CURSOR$$2021, para. 3].');
      const { index, check } = analyse(doc);
      const withFigs = (provideHover(index, doc, pos, DEFAULT_SETTINGS, check)!.contents as MarkupContent).value;
      assert.match(withFigs, /\*\*414\*\*/);
      const view = Object.assign(Object.create(null), { judgments: check.judgments, figures: check.figures, quotes: check.quotes, model: check.model, draftFigures: [] });
      const without = (provideHover(index, doc, pos, DEFAULT_SETTINGS, view)!.contents as MarkupContent).value;
      assert.doesNotMatch(without, /\*\*414\*\*/);
    });
  });

  describe('code actions', () => {
    function fixes(text: string) {
      const doc = TextDocument.create('file:///draft.md', 'markdown', 1, text);
      const { index, check } = analyse(doc);
      const diagnostics: Diagnostic[] = provideDiagnostics(doc, check, { relatedInformation: true });
      return { doc, diagnostics, actions: provideCodeActions(index, doc, diagnostics, check) };
    }

    it('cites the passage that states an uncited figure, before the full stop', () => {
      const { doc, actions } = fixes('In 2020, 524 police officers were killed.\n');
      const cite = actions.find((a) => /^Cite /.test(a.title));
      assert.ok(cite, `a Cite action among ${actions.map((a) => a.title).join(' | ')}`);
      const edits = cite!.edit!.changes![doc.uri];
      assert.strictEqual(applyEdits(doc, edits), 'In 2020, 524 police officers were killed [@ambush-2021, para. 4].\n');
    });

    it('joins an existing citation group instead of adding a second one', () => {
      const { doc, actions } = fixes('The US gave $4 billion, and 524 police were killed [@aid-2021, para. 1].\n');
      const cite = actions.find((a) => /^Cite 13 Edomex/.test(a.title));
      assert.ok(cite, `a Cite action among ${actions.map((a) => a.title).join(' | ')}`);
      assert.strictEqual(
        applyEdits(doc, cite!.edit!.changes![doc.uri]),
        'The US gave $4 billion, and 524 police were killed [@aid-2021, para. 1; @ambush-2021, para. 4].\n',
      );
    });

    it('replaces an unknown key with the nearest one', () => {
      const { doc, actions } = fixes('In 2019, 414 police were killed [@ambush-2012, para. 3].\n');
      const rep = actions.find((a) => a.title === 'Replace with @ambush-2021');
      assert.ok(rep, `a Replace action among ${actions.map((a) => a.title).join(' | ')}`);
      assert.strictEqual(applyEdits(doc, rep!.edit!.changes![doc.uri]), 'In 2019, 414 police were killed [@ambush-2021, para. 3].\n');
    });
  });

  describe('definition', () => {
    it('goes to the located paragraph of the cited source', () => {
      const { doc, pos } = draftAt('In 2019, 414 police were killed [@ambush-2021, pa$$CURSOR$$ra. 3].');
      const { index, check } = analyse(doc);
      const loc = provideDefinition(index, doc, pos, check);
      assert.ok(loc, 'a location');
      assert.ok(loc!.uri.endsWith('/corpus/ambush-2021.txt'), loc!.uri);
      assert.strictEqual(loc!.range.start.line, AMBUSH.passages[2].startLine);
    });

    it('returns null for an unknown key', () => {
      const { doc, pos } = draftAt('Killed [@nope-$$CURSOR$$2021, para. 3].');
      const { index, check } = analyse(doc);
      assert.strictEqual(provideDefinition(index, doc, pos, check), null);
    });
  });
});

# Generates citations.test.md so that the ^ columns are exact: python3 test/grammar/gen-citations-test.py
# Generates test/grammar/citations.test.md with exact columns.
import re
T = []  # list of (source_line, [(needle, occurrence, scopes)])
def L(src, *asserts): T.append((src, list(asserts)))
L('Police officers were killed [see @smith04, para. 3; also -@doe_99:x, pp. 33-35, and more].',
  ('[', 0, 'meta.citation.bracketed.pandoc punctuation.definition.citation.begin.pandoc'),
  ('see ', 0, 'string.other.citation-prefix.pandoc'),
  ('@', 0, 'meta.citation.item.pandoc punctuation.definition.citation-key.pandoc variable.other.citation-key.pandoc'),
  ('smith04', 0, 'meta.citation.item.pandoc entity.name.citation-key.pandoc variable.other.citation-key.pandoc'),
  (',', 1, 'punctuation.separator.locator.pandoc'),
  ('para.', 0, 'keyword.other.locator.pandoc'),
  ('3', 0, 'constant.numeric.locator.pandoc'),
  (';', 0, 'punctuation.separator.citation.pandoc'),
  ('also ', 0, 'string.other.citation-prefix.pandoc'),
  ('-@', 0, 'keyword.operator.suppress-author.pandoc', 1),
  ('@doe', 0, 'punctuation.definition.citation-key.pandoc', 1),
  ('doe_99:x', 0, 'entity.name.citation-key.pandoc'),
  (', pp', 0, '- entity.name.citation-key.pandoc', 1),
  ('pp.', 0, 'keyword.other.locator.pandoc'),
  ('33-35', 0, 'constant.numeric.locator.pandoc'),
  (', and more', 0, 'string.other.citation-suffix.pandoc'),
  (']', 0, 'punctuation.definition.citation.end.pandoc'),
  ('more].', 0, '- meta.citation.bracketed.pandoc', 1, 5))
L('')
L('Simple forms [@solo] and [@k, 12] and [@k ¶ 4] and [@k p. iv] end.',
  ('[', 0, 'punctuation.definition.citation.begin.pandoc'),
  ('@solo', 0, 'punctuation.definition.citation-key.pandoc', 1),
  ('solo', 0, 'entity.name.citation-key.pandoc - string.other.link.title.markdown'),
  ('] and', 0, 'punctuation.definition.citation.end.pandoc', 1),
  ('12', 0, 'constant.numeric.locator.pandoc'),
  ('¶', 0, 'keyword.other.locator.pandoc'),
  ('4', 0, 'constant.numeric.locator.pandoc'),
  ('p.', 0, 'keyword.other.locator.pandoc'),
  ('iv', 0, 'constant.numeric.locator.pandoc'))
L('')
L('@smith04 [para. 2] says so, as does @{Braced Key 2020} and -@doe.',
  ('@', 0, 'meta.citation.author-in-text.pandoc punctuation.definition.citation-key.pandoc'),
  ('smith04', 0, 'meta.citation.author-in-text.pandoc entity.name.citation-key.pandoc variable.other.citation-key.pandoc'),
  ('[', 0, 'meta.citation.author-in-text.pandoc punctuation.definition.citation.begin.pandoc'),
  ('para.', 0, 'keyword.other.locator.pandoc'),
  ('2', 0, 'constant.numeric.locator.pandoc'),
  (']', 0, 'punctuation.definition.citation.end.pandoc'),
  ('@{', 0, 'punctuation.definition.citation-key.pandoc', 1),
  ('{Braced Key 2020}', 0, 'entity.name.citation-key.pandoc'),
  ('-@doe', 0, 'keyword.operator.suppress-author.pandoc', 1),
  ('@doe', 0, 'punctuation.definition.citation-key.pandoc', 1),
  ('-@doe.', 0, 'entity.name.citation-key.pandoc', 3, 2),
  ('-@doe.', 0, '- entity.name.citation-key.pandoc', 1, 5))
L('')
L('Write to a@b.com, first.last@example.org or <info@example.com>; not a citation.',
  ('a@b.com', 0, '- meta.citation.author-in-text.pandoc entity.name.citation-key.pandoc'),
  ('first.last@example.org', 0, '- meta.citation.author-in-text.pandoc entity.name.citation-key.pandoc'),
  ('info@example.com', 0, 'markup.underline.link.markdown - entity.name.citation-key.pandoc'))
L('')
L('[mail x@y.com] and [see a@b.com] and \\[@escaped] and ![img @x](pic.png) stay plain.',
  ('[mail x@y.com]', 0, '- meta.citation.bracketed.pandoc entity.name.citation-key.pandoc'),
  ('[see a@b.com]', 0, '- meta.citation.bracketed.pandoc entity.name.citation-key.pandoc'),
  ('[@escaped]', 0, '- meta.citation.bracketed.pandoc punctuation.definition.citation.begin.pandoc'),
  ('[img @x]', 0, '- meta.citation.bracketed.pandoc entity.name.citation-key.pandoc'))
L('')
L('See [a link @here](https://example.org/@user) for more.',
  ('@here', 0, '- entity.name.citation-key.pandoc'),
  ('@user', 0, '- entity.name.citation-key.pandoc'))
L('')
L('Inline code `[@notacite, para. 1] @nokey` is not a citation, but @real is.',
  ('[@notacite, para. 1] @nokey', 0, 'markup.inline.raw.string.markdown - meta.citation.bracketed.pandoc entity.name.citation-key.pandoc'),
  ('real', 0, 'entity.name.citation-key.pandoc'))
L('')
L('```')
L('[@infence, para. 1] and @infence',
  ('[@infence, para. 1] and @infence', 0, 'markup.fenced_code.block.markdown - meta.citation.bracketed.pandoc entity.name.citation-key.pandoc'))
L('```')
L('')
L('```python')
L('x = "[@inpython, para. 1]"  # @inpython',
  ('x = "[@inpython, para. 1]"  # @inpython', 0, 'markup.fenced_code.block.markdown - meta.citation.bracketed.pandoc entity.name.citation-key.pandoc'))
L('```')
L('')
L('<!-- a comment with [@incomment, para. 2] and @incomment -->',
  ('[@incomment, para. 2] and @incomment', 0, 'comment.block.html - meta.citation.bracketed.pandoc entity.name.citation-key.pandoc'))
L('')
L('    [@inindented, para. 1] @inindented',
  ('[@inindented, para. 1] @inindented', 0, 'markup.raw.block.markdown - meta.citation.bracketed.pandoc entity.name.citation-key.pandoc'))
L('')
L('# Heading with a citation [@head, para. 1]',
  ('[', 0, 'punctuation.definition.citation.begin.pandoc'),
  ('head', 0, 'entity.name.citation-key.pandoc'))
L('')
L('Trailing punctuation: as @smith04. says, and @doe99, too.',
  ('smith04', 0, 'entity.name.citation-key.pandoc'),
  ('. says', 0, '- entity.name.citation-key.pandoc', 1),
  ('doe99', 0, 'entity.name.citation-key.pandoc'),
  (', too', 0, '- entity.name.citation-key.pandoc', 1))

def find(src, needle, occ):
    i = -1
    for _ in range(occ + 1):
        i = src.index(needle, i + 1)
    return i

out = ['<!-- SYNTAX TEST "text.html.markdown" "Pandoc citations injected into Markdown (generated by test/grammar/gen-citations-test.py)"']
for src, asserts in T:
    out.append(src)
    for a in asserts:
        needle, occ, scopes = a[0], a[1], a[2]
        length = a[3] if len(a) > 3 else len(needle)
        col = find(src, needle, occ) + (a[4] if len(a) > 4 else 0)
        if col >= 5:
            out.append('<!--' + ' ' * (col - 4) + '^' * length + ' ' + scopes)
        else:
            out.append('<!-- <' + '~' * col + '-' * length + ' ' + scopes)
import os
open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'citations.test.md'), 'w').write('\n'.join(out) + '\n')

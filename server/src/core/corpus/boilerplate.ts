/**
 * Line-level recognition of web-page boilerplate in saved articles.
 *
 * Every rule looks at one trimmed line and is deliberately narrow: a rule only
 * fires on short lines or on explicit markers, so real prose is kept. Rules:
 *
 *  - nav:        a line that is only a bullet ("•", "·", "▪", "◦", "►", "»") plus at most
 *                six words without sentence punctuation ("• Live", "• google plus"), or a
 *                known navigation / social word on its own ("facebook", "Menu", "Print").
 *  - breadcrumb: 2+ segments separated by " > ", " › " or " » ", each at most five words,
 *                no sentence punctuation ("News > Latin America").
 *  - caption:    photo credits: "| Photo: Reuters", "Photo by: ...", "Photos: ...",
 *                "Image: ...", "Credit: ...", a short "Source: El Universal" line, or a
 *                line ending in an agency credit such as "REUTERS/Kevin Lamarque.".
 *  - prompt:     share / comment / subscribe prompts ("Leave a comment", "Share this",
 *                "Subscribe", "Your email address will not be published.").
 *  - footer:     "©2024 ...", "Copyright ...", "All rights reserved", "Powered by ...",
 *                "Privacy policy", "Terms of use".
 *  - credit:     wire credit lines "– Writing by ..., Editing by ...", "(Reporting by ...)".
 *
 * A line that starts with a lower-case letter continues a sentence, so only the exact
 * navigation words and bullets apply to it ("facebook"). The splitter also looks at a
 * line inside a hard-wrapped paragraph only when the line before it was complete.
 *
 * A `prompt` that invites comments ("Have something to say?", "Leave a reply",
 * "No comments yet", "Related articles", "You may also like") also marks the
 * start of the page footer: the splitter drops the rest of the article after it
 * (only once the article has prose), which removes teaser lists of other stories.
 */

export type BoilerKind = 'nav' | 'breadcrumb' | 'caption' | 'prompt' | 'footer' | 'credit';

export interface BoilerMatch {
  kind: BoilerKind;
  /** The page footer starts here: nothing after it in the article is content. */
  endsArticle?: boolean;
}

const BULLETS = new Set(['•', '·', '▪', '◦', '►', '‣', '»', '▸', '●', '○', '■', '□']);

/** Whole-line navigation / social words (compared lower-cased, trailing ":" removed). */
const NAV_WORDS = new Set([
  'live', 'audio only', 'video', 'videos', 'audio', 'podcast', 'podcasts', 'photos', 'gallery',
  'facebook', 'twitter', 'x', 'instagram', 'linkedin', 'whatsapp', 'telegram', 'youtube', 'tiktok', 'pinterest',
  'reddit', 'email', 'e-mail', 'google plus', 'google+', 'rss', 'print', 'share', 'tweet', 'menu', 'home',
  'search', 'close', 'skip to content', 'skip to main content', 'sign in', 'log in', 'login', 'register',
  'newsletter', 'newsletters', 'advertisement', 'sponsored', 'sponsored content', 'ad', 'back to top', 'top',
  'next', 'previous', 'next article', 'previous article', 'more', 'read more', 'load more', 'show more',
  'related', 'related articles', 'related stories', 'related news', 'comments', 'comment', 'subscribe',
  'subscribe now', 'donate', 'copy link', 'copied', 'share this', 'share this article', 'share this story',
  'share on facebook', 'share on twitter', 'latest', 'trending', 'most read', 'popular', 'tags', 'topics',
  'toggle navigation', 'open menu', 'close menu', 'english', 'español', 'español',
]);

/**
 * Prompts recognised on the lower-cased line: [pattern, marks the page footer, max words].
 * Whole-line patterns where the words could also open prose ("No comment on the suit.").
 */
const PROMPTS: [RegExp, boolean, number][] = [
  [/^have something to say\b/, true, 30],
  [/^leave a (?:comment|reply)\b/, true, 12],
  [/^no comments?(?: yet)?[.!]?$/, true, 3],
  [/^post with no comments[.!]?$/, true, 4],
  [/^(?:\d+|one|no) (?:comments?|responses?|replies)[.!]?$/, true, 3],
  [/^(?:related (?:articles|stories|posts|news|coverage|content)|you (?:may|might) also (?:like|be interested)|more (?:stories|from|on this)|recommended (?:for you|stories|articles)|read next|also read)\b/, true, 8],
  [/^join the (?:conversation|discussion)\b/, true, 8],
  [/^comments are closed[.!]?$/, true, 3],
  [/^your email address will not be published\b/, false, 15],
  [/^(?:share|tweet|email) (?:this|on (?:facebook|twitter|x|linkedin|whatsapp|reddit)|via)\b/, false, 8],
  [/^print (?:this )?(?:article|page|story)[.!]?$/, false, 4],
  [/^(?:subscribe|sign up|signup|register)\b.*\b(?:our|newsletter|now|today|here|free|updates|channel|alerts|podcast)\b/, false, 15],
  [/^(?:follow us|like us) on\b/, false, 10],
  [/^click here\b/, false, 15],
  [/^(?:read more|see also|watch|listen)\s*:/, false, 20],
];

const PROMPT_FIRST = new Set([
  'have', 'leave', 'no', 'post', 'related', 'you', 'more', 'recommended', 'read', 'also', 'join', 'comments',
  'your', 'share', 'tweet', 'email', 'print', 'subscribe', 'sign', 'signup', 'register', 'follow', 'like', 'click',
  'see', 'watch', 'listen', 'this', 'one',
]);

const FOOTER_FIRST = new Set(['copyright', 'privacy', 'terms', 'cookie', 'contact', 'about', 'powered']);
const CREDIT_FIRST = new Set(['writing', 'reporting', 'editing', 'compiled', 'additional']);
const CAPTION = /(?:^|[|–—.,;-]\s*|\(\s*)(?:photos?|photograph|image|picture|credit|illustration)s?(?:\s+by)?\s*:/i;
const AGENCY_CREDIT =
  /\b(?:REUTERS|Reuters|AFP|AP(?: Photo)?|EPA(?:-EFE)?|Getty Images|XINHUA|Xinhua|Cuartoscuro)\s*\/\s*[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}\.?\)?$/;
const SOURCE_CREDIT = /^(?:source|sources|via|fuente|courtesy(?: of)?)\s*:\s*\S/i;
const FOOTER = /^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))|\ball rights reserved\b|^powered by\b|[-–—|]\s*powered by\s+\w+\s*$|^(?:privacy policy|terms of (?:use|service)|cookie (?:policy|settings)|contact us|about us)\b/i;
const WIRE_CREDIT = /^[(\[–—-]*\s*(?:additional )?(?:writing|reporting|editing|compiled) by\b/i;

function wordCount(s: string, cap: number): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const space = c === 32 || c === 9 || c === 160;
    if (!space && !inWord) {
      n++;
      if (n > cap) return n;
    }
    inWord = !space;
  }
  return n;
}

export function countWords(s: string, cap = Infinity): number {
  return wordCount(s, cap);
}

/** Ends like a sentence (terminal punctuation, possibly inside closing quotes/brackets). */
export function endsLikeSentence(s: string): boolean {
  let i = s.length - 1;
  while (i >= 0) {
    const ch = s[i];
    if (ch === '"' || ch === '”' || ch === '’' || ch === "'" || ch === ')' || ch === ']' || ch === '»' || ch === ' ') i--;
    else break;
  }
  if (i < 0) return false;
  const ch = s[i];
  return ch === '.' || ch === '!' || ch === '?' || ch === '…' || ch === ':' || ch === ';';
}

/**
 * Classify one trimmed, non-empty line. Returns undefined for anything that may be
 * content. Long lines (> 300 chars) are always content.
 */
export function classifyBoilerplate(t: string): BoilerMatch | undefined {
  const len = t.length;
  if (len > 300) return undefined;
  const first = t[0];
  if (BULLETS.has(first)) {
    const rest = t.slice(1).trim();
    if (rest.length === 0) return { kind: 'nav' };
    if (!endsLikeSentence(rest) && wordCount(rest, 7) <= 6) return { kind: 'nav' };
  }
  if (first === '©') return { kind: 'footer' };
  if (len <= 40) {
    const lower = t.toLowerCase();
    const key = lower.endsWith(':') ? lower.slice(0, -1).trim() : lower;
    if (NAV_WORDS.has(key)) return { kind: 'nav' };
  }
  // A line starting with a lower-case letter continues a sentence: only the rules above apply.
  const c0 = t.charCodeAt(0);
  if (c0 >= 97 && c0 <= 122) return undefined;
  // First-word dispatch keeps the regexes below off most lines.
  let word = '';
  if (len <= 200) {
    let fw = 0;
    while (fw < len && fw < 12) {
      const c = t.charCodeAt(fw) | 32;
      if (c < 97 || c > 122) break;
      fw++;
    }
    if (fw > 0 && fw < 12) word = t.slice(0, fw).toLowerCase();
    if (word && PROMPT_FIRST.has(word)) {
      const lower = t.toLowerCase();
      for (const [re, ends, maxWords] of PROMPTS) {
        if (re.test(lower) && wordCount(t, maxWords + 1) <= maxWords) return { kind: 'prompt', endsArticle: ends || undefined };
      }
    }
  }
  if ((t.indexOf('>') > 0 || t.indexOf('›') > 0 || t.indexOf('»') > 0) && t.indexOf('<') < 0) {
    const segs = t.split(/\s+[>›»]\s+/);
    if (segs.length >= 2 && !endsLikeSentence(t) && segs.every((s) => s.length > 0 && wordCount(s, 6) <= 5)) {
      return { kind: 'breadcrumb' };
    }
  }
  if (t.indexOf(':') > 0 && CAPTION.test(t)) return { kind: 'caption' };
  if (t.indexOf('/') > 0 && AGENCY_CREDIT.test(t)) return { kind: 'caption' };
  if (len <= 80 && SOURCE_CREDIT.test(t) && wordCount(t, 8) <= 7) return { kind: 'caption' };
  const punct = c0 < 65 || c0 > 127;
  if (
    (punct || FOOTER_FIRST.has(word) || t.indexOf('eserved') >= 0 || t.indexOf('ESERVED') >= 0 || t.indexOf('owered') >= 0 || t.indexOf('OWERED') >= 0) &&
    FOOTER.test(t)
  ) {
    return { kind: 'footer' };
  }
  if ((punct || CREDIT_FIRST.has(word)) && WIRE_CREDIT.test(t)) return { kind: 'credit' };
  return undefined;
}

const COPYRIGHT_PUBLISHER = /^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*([^.|©]{2,60}?)\s*(?:[.|]|all rights|$)/i;

/** "©2024 Global Security Wire. All Rights Reserved." -> "Global Security Wire". */
export function publisherFromFooter(t: string): string | undefined {
  const m = COPYRIGHT_PUBLISHER.exec(t);
  if (!m) return undefined;
  const p = m[1].trim();
  if (!/[A-Za-z]/.test(p) || /^all rights/i.test(p)) return undefined;
  return p;
}

/**
 * API_KEY: vendor-prefixed tokens (AWS, GitHub, GitLab, OpenAI/Anthropic-style, Slack, Stripe,
 * SendGrid, npm, PyPI, Google, Twilio, Square, Hugging Face, ...), JWTs whose header and payload
 * decode to JSON, PEM private-key blocks and a few fixed markers (Slack webhooks, Azure `AccountKey=`).
 * Values given to secret-looking keys are keyword-secrets.ts.
 */
import { exactMarkers, markerAtOrAfter } from '../markers.ts';
import { isBoundaryAt } from '../text.ts';
import type { Recognizer, ScanContext } from '../types.ts';
import { looksRandom } from './secret-values.ts';

/**
 * One regex for every fixed-prefix format, its branches grouped by first character: branches with
 * different first characters never match at the same position, so the order between groups does
 * not change any match, and V8 tests a shared prefix once instead of once per branch (a third less
 * time on ordinary text). Inside a group the formats keep their order.
 */
const VENDOR_TOKEN = new RegExp(
  [
    // AWS, Google, Twilio account SIDs, Artifactory.
    String.raw`A(?:(?:KIA|SIA|BIA|CCA)[A-Z0-9]{16}|Iza[0-9A-Za-z_-]{35}|C[0-9a-f]{32}|KC[A-Za-z0-9]{10,}|P[0-9A-F][A-Za-z0-9]{8,})`,
    String.raw`GR1348941[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])`,
    // SendGrid, Twilio API keys.
    String.raw`S(?:G\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}|K[0-9a-f]{32})`,
    // Discord bot tokens.
    String.raw`[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}`,
    String.raw`dop_v1_[a-f0-9]{64}`,
    String.raw`eyJ[A-Za-z0-9_-]{5,}={0,2}\.[A-Za-z0-9_-]{5,}={0,2}(?:\.[A-Za-z0-9_+/-]*={0,2})?`,
    // GitHub; GitLab personal, deploy, runner, SCIM, feature-flag and feed tokens have 20 characters.
    String.raw`g(?:h[pousr]_[A-Za-z0-9]{36,255}|ithub_pat_[A-Za-z0-9_]{22,255}|l(?:(?:pat|dt|rt|soat|ffct|ft)-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])|ptt-[0-9a-f]{40}(?![A-Za-z0-9_-])|cbt-[0-9a-fA-F]{1,5}_[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])|imt-[A-Za-z0-9_-]{25}(?![A-Za-z0-9_-])|oas-[A-Za-z0-9_-]{64}(?![A-Za-z0-9_-])|agent-[A-Za-z0-9_-]{50}(?![A-Za-z0-9_-])))`,
    String.raw`hf_[A-Za-z0-9]{30,40}`,
    String.raw`npm_[A-Za-z0-9]{36}`,
    String.raw`pypi-AgE[A-Za-z0-9_-]{50,}`,
    String.raw`rk_(?:live|test)_[A-Za-z0-9]{16,}`,
    // Anthropic, OpenAI, Stripe secret keys, Square, Shopify.
    String.raw`s(?:k(?:-ant-[a-z]{3,8}\d{2}-[A-Za-z0-9_-]{20,}|-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}|_(?:live|test)_[A-Za-z0-9]{16,})|q0(?:atp|csp)-[0-9A-Za-z_-]{22,60}|hp(?:at|ss|ca|pa)_[a-fA-F0-9]{32})`,
    String.raw`whsec_[A-Za-z0-9+/=]{20,}`,
    // Slack.
    String.raw`x(?:ox[abposre]-[A-Za-z0-9-]{10,}|app-\d-[A-Za-z0-9-]{10,})`,
  ].join('|'),
  'g',
);

/** Prefixes whose body alone could be an ordinary word or identifier: they must look random too. */
const NEEDS_RANDOMNESS = /^(?:sk-|AKC|AP|[MNO])/;

function decodesToJsonObject(part: string): boolean {
  try {
    const base64 = part.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
    const decoded = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const parsed: unknown = JSON.parse(decoded);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

function validVendorToken(token: string): boolean {
  if (token.startsWith('eyJ')) {
    const [header = '', payload = ''] = token.split('.');
    return decodesToJsonObject(header) && decodesToJsonObject(payload);
  }
  if (NEEDS_RANDOMNESS.test(token)) return looksRandom(token);
  return true;
}

function scanVendorTokens({ text, add }: ScanContext): void {
  VENDOR_TOKEN.lastIndex = 0;
  for (let match = VENDOR_TOKEN.exec(text); match; match = VENDOR_TOKEN.exec(text)) {
    const start = match.index;
    const end = start + match[0].length;
    if (isBoundaryAt(text, start - 1) && isBoundaryAt(text, end) && validVendorToken(match[0])) add('API_KEY', start, end, 0.95);
  }
}

/** Literal markers found with indexOf, each followed by its own check. */
function scanMarkedSecrets({ text, add, markers }: ScanContext): void {
  const found = markers();
  const begins = exactMarkers(text, found.begin, '-----BEGIN');
  for (let begin = markerAtOrAfter(begins, 0); begin >= 0; begin = markerAtOrAfter(begins, begin + 10)) {
    const headerEnd = text.indexOf('-----', begin + 10);
    if (headerEnd < 0 || headerEnd - begin > 64 || !text.slice(begin, headerEnd).includes('PRIVATE KEY')) continue;
    const footer = text.indexOf('-----END', headerEnd + 5);
    const footerEnd = footer >= 0 ? text.indexOf('-----', footer + 8) : -1;
    // A truncated block (no footer) still hides its body: everything that looks like base64.
    const end = footerEnd >= 0 && footerEnd - begin < 20_000 ? footerEnd + 5 : base64BodyEnd(text, headerEnd + 5);
    add('API_KEY', begin, end, 0.95);
    begin = end - 10;
  }
  const hooks = exactMarkers(text, found.slackHook, 'hooks.slack.com/services/');
  for (let marker = markerAtOrAfter(hooks, 0); marker >= 0; marker = markerAtOrAfter(hooks, marker + 1)) {
    const match = /^hooks\.slack\.com\/services\/T[A-Za-z0-9_]+\/B[A-Za-z0-9_]+\/[A-Za-z0-9_]+/.exec(text.slice(marker, marker + 160));
    if (!match) continue;
    const schemeStart = text.lastIndexOf('https://', marker);
    add('API_KEY', schemeStart >= 0 && schemeStart === marker - 8 ? schemeStart : marker, marker + match[0].length, 0.95);
  }
  const suffixes = exactMarkers(text, found.mailchimpSuffix, '-us');
  for (let marker = markerAtOrAfter(suffixes, 32); marker >= 0; marker = markerAtOrAfter(suffixes, marker + 3)) {
    const candidate = /^[0-9a-f]{32}-us\d{1,2}$/.exec(text.slice(marker - 32, marker + 5).replace(/[^0-9a-z-]+$/, ''));
    if (candidate && isBoundaryAt(text, marker - 33)) add('API_KEY', marker - 32, marker - 32 + candidate[0].length, 0.9);
  }
  const colons = exactMarkers(text, found.telegramColon, ':AA');
  for (let marker = markerAtOrAfter(colons, 0); marker >= 0; marker = markerAtOrAfter(colons, marker + 3)) {
    const start = backOverDigits(text, marker, 10);
    const match = /^\d{8,10}:AA[0-9A-Za-z_-]{33}/.exec(text.slice(start, marker + 40));
    if (match && isBoundaryAt(text, start - 1) && isBoundaryAt(text, start + match[0].length)) add('API_KEY', start, start + match[0].length, 0.9);
  }
  const accountKeys = exactMarkers(text, found.accountKey, 'AccountKey=');
  for (let marker = markerAtOrAfter(accountKeys, 0); marker >= 0; marker = markerAtOrAfter(accountKeys, marker + 11)) {
    const match = /^[A-Za-z0-9+/]{40,100}={0,2}/.exec(text.slice(marker + 11, marker + 11 + 104));
    if (match) add('API_KEY', marker + 11, marker + 11 + match[0].length, 0.95);
  }
}

function backOverDigits(text: string, index: number, limit: number): number {
  let start = index;
  while (start > index - limit && start > 0 && text.charCodeAt(start - 1) >= 48 && text.charCodeAt(start - 1) <= 57) start--;
  return start;
}

/** The end of the base64 lines after a PEM header (`Proc-Type:`-style header lines included). */
function base64BodyEnd(text: string, from: number): number {
  const body = /^(?:[ \t]*\r?\n?[ \t]*(?:[A-Za-z0-9+/=]{8,}|[A-Za-z-]+:[^\n]*))*/.exec(text.slice(from, from + 20_000));
  return from + (body ? body[0].length : 0);
}

export const secretRecognizer: Recognizer = {
  types: ['API_KEY'],
  scan(context) {
    scanVendorTokens(context);
    scanMarkedSecrets(context);
  },
};

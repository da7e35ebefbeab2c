import { domainToASCII } from 'node:url';

/**
 * E-mail addresses as people type them into a form, checked the practical way: the RFC 5322
 * dot-atom form (no quoted local parts, comments or display names, which forms never need and
 * mail providers refuse), the RFC 5321 length limits, and a domain that could exist on the
 * internet (at least two labels, LDH labels of 1–63 characters, a top-level domain that is not
 * all digits, no IP literals). Rules and sources: docs/registration-rules.md.
 */
export type EmailInvalidReason =
  'empty' | 'too-long' | 'display-name' | 'format' | 'local-part' | 'domain';

export type EmailResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly reason: EmailInvalidReason };

/** RFC 5321 §4.5.3.1: a path is at most 256 octets including "<" and ">", so 254 for the address. */
const MAX_ADDRESS_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;
const MAX_DOMAIN_LENGTH = 253;

/** RFC 5322 atext, and dots between atoms (never first, last or doubled). */
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const ALL_DIGITS = /^\d+$/;

function isValidAsciiDomain(domain: string): boolean {
  if (domain.length === 0 || domain.length > MAX_DOMAIN_LENGTH) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  if (!labels.every((label) => LDH_LABEL.test(label))) return false;
  return !ALL_DIGITS.test(labels[labels.length - 1] ?? '');
}

/**
 * The address trimmed, with its domain lowercased and in its ASCII (punycode) form, so that
 * `Anna@Example.BE` and `Anna@example.be` compare equal and an internationalised domain
 * (`пошта.укр`) is stored as mail servers use it. The local part keeps its case: RFC 5321 lets
 * the receiving server tell `Anna` from `anna`.
 */
export function normaliseEmail(input: string): EmailResult {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (text.length > MAX_ADDRESS_LENGTH) return { ok: false, reason: 'too-long' };
  if (/[<>]/.test(text) || /\s/.test(text)) return { ok: false, reason: 'display-name' };

  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return { ok: false, reason: 'format' };
  const local = text.slice(0, at);
  const domainInput = text.slice(at + 1);

  if (local.length > MAX_LOCAL_PART_LENGTH || !DOT_ATOM.test(local)) {
    return { ok: false, reason: 'local-part' };
  }

  // domainToASCII lowercases, applies IDNA (UTS #46) and returns '' for what cannot be a domain.
  const domain = domainToASCII(domainInput.normalize('NFC'));
  if (!isValidAsciiDomain(domain)) return { ok: false, reason: 'domain' };

  const value = `${local}@${domain}`;
  if (value.length > MAX_ADDRESS_LENGTH) return { ok: false, reason: 'too-long' };
  return { ok: true, value };
}

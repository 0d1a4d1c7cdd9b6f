/**
 * What may differ between two WebDAV answers (docs/rool-webdav.md), declared once, as
 * ../rules.ts declares it for RPC answers: how each response header is compared, and how each
 * leaf of a property value is. Whatever is not listed is compared exactly (a property's text)
 * or not at all (any other header). The status is always compared; an error's wording never,
 * only the conditions it names (RFC 4918 §16).
 *
 * @module
 */

/** How a leaf of a property value is compared. */
export type DavLeafRule =
  /** An opaque value, paired through the run's bijection (ETags per path). */
  | { kind: 'opaque'; of: 'etag' | 'lock' | 'sync' }
  /** A date, by its format only: the deployment's clock is its own. */
  | { kind: 'date'; format: 'rfc1123' | 'rfc3339' }
  /** A lock's remaining time: `Second-N` or `Infinite` on both, N free (time passes). */
  | { kind: 'timeout' }
  /** An `href`: cut to the machine path, then target IDs translated. */
  | { kind: 'href' };

/**
 * Leaf rules by element name; `parent>child` names an element inside another and wins. Lock
 * tokens are `href`s inside `locktoken` (RFC 4918 §14.5).
 */
export const davLeafRules: Readonly<Record<string, DavLeafRule>> = {
  'DAV:getetag': { kind: 'opaque', of: 'etag' },
  'DAV:sync-token': { kind: 'opaque', of: 'sync' },
  'DAV:locktoken>DAV:href': { kind: 'opaque', of: 'lock' },
  'DAV:getlastmodified': { kind: 'date', format: 'rfc1123' },
  'DAV:creationdate': { kind: 'date', format: 'rfc3339' },
  'DAV:timeout': { kind: 'timeout' },
  'DAV:href': { kind: 'href' },
};

/** When a header rule applies. */
export type DavHeaderWhen = 'always' | 'readSucceeded' | 'headSucceeded';

/** How a response header is compared. */
export type DavHeaderRule =
  /** An opaque value, paired through the bijection; `bracketed` values are `<…>`. */
  | { kind: 'opaque'; of: 'etag' | 'lock'; bracketed?: boolean }
  /** A comma-separated list of tokens, as a set, in any case. */
  | { kind: 'tokenSet' }
  /** Authentication challenges (RFC 9110 §11.6.1): their schemes as a set; realms are free. */
  | { kind: 'schemes' }
  /**
   * Equal values. `ifReference`: compared only when the reference sends one, for headers an HTTP
   * server may add on its own (`Content-Length: 0` of an empty answer to HEAD).
   */
  | { kind: 'exact'; when?: DavHeaderWhen; ifReference?: boolean }
  /** A media type: equal in lower case, parameters without spaces. */
  | { kind: 'mediaType'; when?: DavHeaderWhen }
  /** A date by its format only. */
  | { kind: 'date'; format: 'rfc1123' };

/**
 * Header rules by lower-case name. Present on one side only is a difference, except where the
 * rule's `when` does not hold (a `Content-Type` of an error, whose body is free).
 */
export const davHeaderRules: Readonly<Record<string, DavHeaderRule>> = {
  etag: { kind: 'opaque', of: 'etag' },
  'lock-token': { kind: 'opaque', of: 'lock', bracketed: true },
  dav: { kind: 'tokenSet' },
  allow: { kind: 'tokenSet' },
  'content-range': { kind: 'exact' },
  'content-type': { kind: 'mediaType', when: 'readSucceeded' },
  'content-length': { kind: 'exact', when: 'headSucceeded', ifReference: true },
  'last-modified': { kind: 'date', format: 'rfc1123' },
  'www-authenticate': { kind: 'schemes' },
};

/** The date formats: RFC 9110 §5.6.7 (IMF-fixdate), RFC 3339 §5.6. */
export const datePatterns: Readonly<Record<'rfc1123' | 'rfc3339', RegExp>> = {
  rfc1123:
    /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  rfc3339: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
};

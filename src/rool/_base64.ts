// Base64 on Web APIs only (btoa/atob work on "binary strings"); Uint8Array.toBase64 is not in
// every target runtime yet. RFC 4648 §4 (base64) and §5 (base64url).

// btoa and String.fromCharCode take arguments on the stack; chunks keep large files under
// engines' argument limits.
const chunkSize = 0x8000;

/** Encodes bytes as base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += chunkSize) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunkSize));
  }
  return btoa(binary);
}

/** Decodes base64 or base64url (padded or not) into bytes; throws on anything else. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  const padded = standard + '='.repeat((4 - (standard.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

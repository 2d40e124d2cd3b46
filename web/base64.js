// Decodes the base64 text of the generated modules behind
// palette-sentiment/wasm/inline and its halves (scripts/gen-wasm-inline.mjs).
// atob rather than Uint8Array.fromBase64, which browsers older than 2025 lack.

/** The bytes base64 text encodes, as a fresh Uint8Array. */
export function bytesFromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

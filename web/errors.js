/**
 * An error with a stable `code`: a failure the C library reported (`status` is
 * its number, `code` its name, e.g. 'IMAGE_CORRUPT'), or one the JS layer
 * found where C never looks (a model URL answering 'HTTP_404', 'WASM_LOAD').
 * details (e.g. {width, height}) become properties of the error.
 */
export class PaletteSentimentError extends Error {
  constructor(code, message, status = undefined, details = {}) {
    super(message);
    this.name = 'PaletteSentimentError';
    this.code = code;
    this.status = status;
    Object.assign(this, details);
  }
}

/** An error reported by the C library; `code` is a stable identifier such as 'IMAGE_CORRUPT'. */
export class PaletteSentimentError extends Error {
  constructor(code, message, status) {
    super(message);
    this.name = 'PaletteSentimentError';
    this.code = code;
    this.status = status;
  }
}

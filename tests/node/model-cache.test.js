// The review checker's model cache (web/review-checker/model-cache.js): one load per URL, shared by every
// element; a failed load is fetched again on "Try again", a loaded one never is.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { init } from '../../web/node.js';
import { modelFor } from '../../web/review-checker/model-cache.js';

const dataUrl = (bytes) => `data:application/octet-stream;base64,${Buffer.from(bytes).toString('base64')}`;

before(() => init());

test('a loaded model is shared, also with an element that retries after its own failure', async () => {
  const url = dataUrl(readFileSync(new URL('../../models/zh-waimai-sentiment.nbm', import.meta.url)));
  const first = modelFor(url);
  const { model } = await first;
  const retried = modelFor(url, { retry: true }); // another element's "Try again"
  assert.equal(retried, first, 'not fetched and loaded a second time');
  assert.equal((await retried).model, model);
});

test('a load that failed is forgotten, and fetched again', async () => {
  const url = dataUrl(new TextEncoder().encode('not a model'));
  const failed = modelFor(url);
  await assert.rejects(failed, { code: 'MODEL_MAGIC' });
  const again = modelFor(url, { retry: true });
  assert.notEqual(again, failed);
  await assert.rejects(again, { code: 'MODEL_MAGIC' });
});

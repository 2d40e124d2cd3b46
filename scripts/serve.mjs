#!/usr/bin/env node
// Serves the repository (or SERVE_ROOT) as static files on http://127.0.0.1:8080
// (PORT to change), with the right MIME types (application/wasm for WebAssembly).
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(process.env.SERVE_ROOT ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const PORT = Number(process.env.PORT ?? 8080);
const HOST = process.env.HOST ?? '127.0.0.1';
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.nbm': 'application/octet-stream', '.md': 'text/markdown; charset=utf-8',
};

function resolve(urlPath) {
  let decoded;
  try { decoded = decodeURIComponent(urlPath.split('?')[0]); } catch { return null; }
  const file = path.resolve(ROOT, `.${decoded}`);
  if (file !== ROOT && !file.startsWith(ROOT + path.sep)) return null; // no escaping the repository
  if (file.split(path.sep).some((part) => part.startsWith('.') && part.length > 1)) return null; // no dotfiles
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return resolve(`${decoded.replace(/\/?$/, '/')}index.html`);
    return stat.isFile() ? { file, size: stat.size } : null;
  } catch {
    return null;
  }
}

const server = createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const found = resolve(req.url ?? '/');
  if (!found) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': found.size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(found.file).pipe(res);
});

server.listen(PORT, HOST, () => {
  const { port } = server.address();
  console.log(`palette-sentiment: serving ${ROOT} at http://${HOST}:${port}/ (Ctrl-C to stop)`);
});

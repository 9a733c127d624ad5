// Files shipped with the package (rules/*.toml), found from the package root so the same code
// works from src/ (tests, tsx) and from dist/ (npm start), which sit at different depths.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'rules'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('facteur: cannot find the package root (package.json and rules/) above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  root = dir;
  return dir;
}

/** Absolute path of a file under the package's rules/ folder. */
export function rulesFile(name: string): string {
  return join(packageRoot(), 'rules', name);
}

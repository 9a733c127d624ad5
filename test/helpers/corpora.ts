// The shared test corpora live beside the project (../shared/corpora from the repository root),
// wherever the checkout is — a developer's work tree or CI's fresh clone.
import { fileURLToPath } from 'node:url';

export const CORPORA = fileURLToPath(new URL('../../../shared/corpora/', import.meta.url));

export function corpus(path: string): string {
  return CORPORA + path.replace(/^\/+/, '');
}

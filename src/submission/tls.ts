// The certificate of the submission server: the configured PEM files, or — for local use — a
// self-signed pair generated once under DATA_DIR/submission/ with openssl (Node's crypto makes
// keys but not X.509 certificates). Applications must then be told to accept that certificate.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FacteurError } from '../core/errors.ts';

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
  certFile: string;
  keyFile: string;
  /** True when the pair was generated now (first start). */
  generated: boolean;
  selfSigned: boolean;
}

function read(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new FacteurError('ERR_CONFIG_FILE', `cannot read the submission ${what} ${file}: ${(e as Error).message}`, {
      hint: `check submission.${what === 'certificate' ? 'cert_file' : 'key_file'} and the file's permissions`,
    });
  }
}

export function loadOrCreateTls(options: { certFile: string; keyFile: string; dataDir: string; hostname: string }): TlsFiles {
  if (options.certFile || options.keyFile) {
    if (!options.certFile || !options.keyFile) {
      throw new FacteurError('ERR_CONFIG_INVALID', 'submission.cert_file and submission.key_file must be set together', {
        hint: 'give both PEM files, or neither to use a generated self-signed certificate (local use only)',
      });
    }
    return { cert: read(options.certFile, 'certificate'), key: read(options.keyFile, 'key'), certFile: options.certFile, keyFile: options.keyFile, generated: false, selfSigned: false };
  }
  const dir = join(options.dataDir, 'submission');
  const certFile = join(dir, 'self-signed-cert.pem');
  const keyFile = join(dir, 'self-signed-key.pem');
  let generated = false;
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const host = options.hostname.replace(/[^A-Za-z0-9.-]/g, '') || 'localhost';
    try {
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '825', '-keyout', keyFile, '-out', certFile,
          '-subj', `/CN=${host}`, '-addext', `subjectAltName=DNS:${host},DNS:localhost,IP:127.0.0.1,IP:::1`],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      chmodSync(keyFile, 0o600);
    } catch (e) {
      throw new FacteurError('ERR_CONFIG_INVALID', `could not generate a self-signed certificate for SMTP submission: ${(e as Error).message.split('\n')[0]}`, {
        hint: 'install openssl (apt-get install openssl), or set submission.cert_file and submission.key_file',
      });
    }
    generated = true;
  }
  return { cert: read(certFile, 'certificate'), key: read(keyFile, 'key'), certFile, keyFile, generated, selfSigned: true };
}

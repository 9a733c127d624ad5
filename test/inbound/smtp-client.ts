// A minimal SMTP client for tests: speaks line by line so a test can see every reply code,
// including the ones a full client (nodemailer) would turn into exceptions or retries.
import { connect, type Socket } from 'node:net';

export interface Reply {
  code: number;
  text: string;
}

export class RawSmtp {
  private buffer = '';
  private waiting: Array<(r: Reply) => void> = [];
  private replies: Reply[] = [];
  private lines: string[] = [];
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.setNoDelay(true);
    socket.on('data', (d: string) => this.feed(d));
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiting.splice(0)) w({ code: 0, text: 'connection closed' });
    });
    socket.on('error', () => undefined);
  }

  static async open(port: number, host = '127.0.0.1'): Promise<{ client: RawSmtp; greeting: Reply }> {
    const socket = connect(port, host);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const client = new RawSmtp(socket);
    return { client, greeting: await client.reply() };
  }

  private feed(d: string): void {
    this.buffer += d;
    let i: number;
    while ((i = this.buffer.indexOf('\r\n')) >= 0) {
      const line = this.buffer.slice(0, i);
      this.buffer = this.buffer.slice(i + 2);
      this.lines.push(line.slice(4));
      if (line[3] !== '-') {
        const r = { code: Number(line.slice(0, 3)), text: this.lines.join('\n') };
        this.lines = [];
        const w = this.waiting.shift();
        if (w) w(r);
        else this.replies.push(r);
      }
    }
  }

  reply(): Promise<Reply> {
    const r = this.replies.shift();
    if (r) return Promise.resolve(r);
    if (this.closed) return Promise.resolve({ code: 0, text: 'connection closed' });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async command(line: string): Promise<Reply> {
    this.socket.write(line + '\r\n');
    return this.reply();
  }

  /** Sends the message after a 354, dot-stuffed (RFC 5321 §4.5.2), honouring back-pressure. */
  async data(message: Buffer | string): Promise<Reply> {
    const go = await this.command('DATA');
    if (go.code !== 354) return go;
    const text = (typeof message === 'string' ? Buffer.from(message, 'utf8') : message).toString('latin1').replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    const body = text.length === 0 || text.endsWith('\r\n') ? text : text + '\r\n';
    const chunk = 1024 * 1024;
    for (let i = 0; i < body.length; i += chunk) {
      if (!this.socket.write(body.slice(i, i + chunk), 'latin1')) await new Promise((r) => this.socket.once('drain', r));
      if (this.closed) break;
    }
    this.socket.write('.\r\n');
    return this.reply();
  }

  close(): void {
    this.socket.end('QUIT\r\n');
  }
}

/** One complete transaction; returns the reply to each step (missing steps after a failure). */
export async function sendOne(port: number, from: string, to: string[], message: Buffer | string): Promise<{ mail: Reply; rcpt: Reply[]; data: Reply | null }> {
  const { client } = await RawSmtp.open(port);
  await client.command('EHLO mta.example.net');
  const mail = await client.command(`MAIL FROM:<${from}>`);
  const rcpt: Reply[] = [];
  for (const t of to) rcpt.push(await client.command(`RCPT TO:<${t}>`));
  const data = rcpt.some((r) => r.code === 250) ? await client.data(message) : null;
  client.close();
  return { mail, rcpt, data };
}

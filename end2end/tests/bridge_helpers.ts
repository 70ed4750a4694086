import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

// The PC/SC bridge for the browser suite: the bridge binary (BRIDGE_BIN, built
// by `cargo test`) started on a config of the test's own, and a contactless
// card on one of vsmartcard-vpcd's virtual readers in the pcscd that
// `cargo xtask test` runs (VPCD_PORT: 35963 is "Virtual PCD 00 00", 35964
// "Virtual PCD 00 01"; each browser suite has its own).

export const READER = process.env.VPCD_READER ?? 'Virtual PCD 00 00';
const VPCD_PORT = Number(process.env.VPCD_PORT ?? 35963);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
    socket.on('error', () => resolve(false));
  });
}

export class Bridge {
  private child: ChildProcess | null = null;
  private constructor(readonly bin: string, readonly config: string, readonly port: number) {}

  /// A bridge that lets `origin` connect and watches this suite's reader.
  static async start(origin: string): Promise<Bridge> {
    const bin = process.env.BRIDGE_BIN;
    if (!bin || !fs.existsSync(bin)) throw new Error(`BRIDGE_BIN (${bin}) is not the bridge binary: cargo xtask test builds it and sets it`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bridge-e2e-'));
    const port = await freePort();
    const config = path.join(dir, 'bridge.toml');
    fs.writeFileSync(config, `allowed_origins = ["${origin}"]\nport = ${port}\nreaders = ["${READER}"]\n`);
    const bridge = new Bridge(bin, config, port);
    await bridge.run();
    return bridge;
  }

  async run() {
    const log = fs.openSync(path.join(path.dirname(this.config), 'bridge.log'), 'a');
    this.child = spawn(this.bin, ['run', '--config', this.config], { stdio: ['ignore', 'ignore', log] });
    for (let i = 0; i < 100 && !(await listening(this.port)); i++) await new Promise((r) => setTimeout(r, 100));
    if (!(await listening(this.port))) throw new Error('the bridge did not listen');
  }

  async stop() {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => { child.on('exit', () => resolve()); child.kill(); });
  }

  /// `bridge pair`: a new one-time code.
  pairingCode(): string {
    const out = execFileSync(this.bin, ['pair', '--config', this.config]).toString();
    const code = /\b(\d{6})\b/.exec(out);
    if (!code) throw new Error(`no code in ${out}`);
    return code[1];
  }
}

/// A card on this suite's virtual reader, answering the UID command with
/// `answer` (the UID bytes and 90 00, or an error's status words).
export class VirtualCard {
  private constructor(private socket: net.Socket) {}

  static async present(answer: number[]): Promise<VirtualCard> {
    const atr = [0x3b, 0x8f, 0x80, 0x01, 0x80, 0x4f, 0x0c, 0xa0, 0x00, 0x00, 0x03, 0x06, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x6a];
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect(VPCD_PORT, '127.0.0.1', () => resolve(s));
      s.on('error', reject);
    });
    let pending = Buffer.alloc(0);
    const reply = (bytes: number[]) => {
      const framed = Buffer.alloc(2 + bytes.length);
      framed.writeUInt16BE(bytes.length, 0);
      Buffer.from(bytes).copy(framed, 2);
      socket.write(framed);
    };
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const length = pending.readUInt16BE(0);
        const message = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        if (length === 1) {
          if (message[0] === 0x04) reply(atr); // power off, on and reset need no answer
        } else if (message[0] === 0xff && message[1] === 0xca) {
          reply(answer);
        } else {
          reply([0x6d, 0x00]);
        }
      }
    });
    socket.on('error', () => {});
    return new VirtualCard(socket);
  }

  /// Takes the card off the reader, and waits as long as a person lifting a
  /// card takes: pcscd looks at a vpcd reader every 400 ms, and a card put on
  /// within that time would be the same card to it.
  async remove() {
    this.socket.destroy();
    await new Promise((r) => setTimeout(r, 1200));
  }
}

/// The bytes of a hex UID, with 90 00 after them.
export function uidAnswer(uid: string): number[] {
  const bytes = uid.match(/../g)!.map((h) => parseInt(h, 16));
  return [...bytes, 0x90, 0x00];
}

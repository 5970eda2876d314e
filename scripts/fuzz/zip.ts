/**
 * Zip containers for hostile .docx files: read the entries of a real .docx (central
 * directory, stored or deflated), and write entries back with the lies an attacker can
 * tell (sizes, counts, offsets, ZIP64 records), deflated or stored.
 */
import { crc32, inflateRawSync, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** Already-deflated bytes to write as they are (a bomb); `data` is then ignored. */
  deflated?: Buffer;
  /** Sizes and CRC written in the headers instead of the true ones. */
  lie?: { size?: number; compressedSize?: number; crc?: number };
  stored?: boolean;
}

export function readZip(buf: Buffer): ZipEntry[] {
  const eocd = buf.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1'));
  if (eocd < 0) throw new Error('no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataStart, dataStart + csize);
    out.push({ name, data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw) });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

export interface ZipOptions {
  /** Entry count written in the end record instead of the true one. */
  countLie?: number;
  /** Central directory offset written instead of the true one. */
  cdOffsetLie?: number;
  /** Write 0xFFFF/0xFFFFFFFF in the end record and a ZIP64 end record (true values where not given). */
  zip64?: { entries?: bigint; cdSize?: bigint; cdOffset?: bigint };
  /** Cut the written container to this many bytes. */
  truncateTo?: number;
}

export function writeZip(entries: ZipEntry[], opts: ZipOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.deflated ?? (e.stored ? e.data : deflateRawSync(e.data));
    const method = e.deflated || !e.stored ? 8 : 0;
    const crc = e.lie?.crc ?? (e.deflated ? 0 : crc32(e.data));
    const size = e.lie?.size ?? (e.deflated ? 0 : e.data.length);
    const csize = e.lie?.compressedSize ?? body.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12); // 1980-01-01: no clock in the bytes
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(csize >>> 0, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(csize >>> 0, 20);
    central.writeUInt32LE(size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset >>> 0, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const tail: Buffer[] = [];
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  if (opts.zip64) {
    const z = Buffer.alloc(56);
    z.writeUInt32LE(0x06064b50, 0);
    z.writeBigUInt64LE(44n, 4);
    z.writeUInt16LE(45, 12);
    z.writeUInt16LE(45, 14);
    const entriesN = opts.zip64.entries ?? BigInt(entries.length);
    z.writeBigUInt64LE(entriesN, 24);
    z.writeBigUInt64LE(entriesN, 32);
    z.writeBigUInt64LE(opts.zip64.cdSize ?? BigInt(cd.length), 40);
    z.writeBigUInt64LE(opts.zip64.cdOffset ?? BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + cd.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(z, locator);
    end.writeUInt16LE(0xffff, 8);
    end.writeUInt16LE(0xffff, 10);
    end.writeUInt32LE(0xffffffff, 12);
    end.writeUInt32LE(0xffffffff, 16);
  } else {
    const count = opts.countLie ?? entries.length;
    end.writeUInt16LE(Math.min(count, 0xffff), 8);
    end.writeUInt16LE(Math.min(count, 0xffff), 10);
    end.writeUInt32LE(cd.length, 12);
    end.writeUInt32LE((opts.cdOffsetLie ?? offset) >>> 0, 16);
  }
  const out = Buffer.concat([...locals, cd, ...tail, end]);
  return opts.truncateTo !== undefined ? out.subarray(0, opts.truncateTo) : out;
}

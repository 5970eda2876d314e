/**
 * Hostile edits of a real Word 97–2003 file (a compound file, MS-CFB): sector chains
 * that loop or cycle, directory trees that point at themselves, declared sizes and
 * sector shifts far beyond the file. Each edit changes a few numbers in the real file,
 * so everything else a reader checks first (signature, byte order, the entries) is right.
 */

const END_OF_CHAIN = 0xfffffffe;

export class Cfb {
  readonly buf: Buffer;
  readonly sectorSize: number;
  constructor(original: Buffer) {
    this.buf = Buffer.from(original);
    this.sectorSize = 1 << this.buf.readUInt16LE(0x1e);
  }
  sectorOffset(n: number): number {
    return (n + 1) * this.sectorSize;
  }
  /** Where FAT entry `i` is stored (only the 109 FAT sectors the header lists: enough for a small .doc). */
  fatEntryOffset(i: number): number {
    const perSector = this.sectorSize / 4;
    const fatSector = this.buf.readUInt32LE(0x4c + 4 * Math.floor(i / perSector));
    return this.sectorOffset(fatSector) + 4 * (i % perSector);
  }
  fat(i: number): number {
    return this.buf.readUInt32LE(this.fatEntryOffset(i));
  }
  setFat(i: number, v: number): void {
    this.buf.writeUInt32LE(v >>> 0, this.fatEntryOffset(i));
  }
  get firstDirSector(): number {
    return this.buf.readUInt32LE(0x30);
  }
  /** Offset of directory entry `index` (in the first directory sector chain). */
  dirEntryOffset(index: number): number {
    const perSector = this.sectorSize / 128;
    let s = this.firstDirSector;
    for (let k = 0; k < Math.floor(index / perSector); k++) s = this.fat(s);
    return this.sectorOffset(s) + 128 * (index % perSector);
  }
  /** The directory entry index of a stream by name (e.g. WordDocument), -1 when absent. */
  findEntry(name: string): number {
    for (let i = 0; i < 64; i++) {
      const off = this.dirEntryOffset(i);
      if (off + 128 > this.buf.length) break;
      const len = this.buf.readUInt16LE(off + 64);
      const n = this.buf.toString('utf16le', off, off + Math.max(0, len - 2));
      if (n === name) return i;
    }
    return -1;
  }
  entryStart(index: number): number {
    return this.buf.readUInt32LE(this.dirEntryOffset(index) + 0x74);
  }
  setEntrySize(index: number, low: number, high = 0): void {
    const off = this.dirEntryOffset(index);
    this.buf.writeUInt32LE(low >>> 0, off + 0x78);
    this.buf.writeUInt32LE(high >>> 0, off + 0x7c);
  }
  /** Left sibling, right sibling, child of a directory entry. */
  setEntryLinks(index: number, links: { left?: number; right?: number; child?: number }): void {
    const off = this.dirEntryOffset(index);
    if (links.left !== undefined) this.buf.writeUInt32LE(links.left >>> 0, off + 0x44);
    if (links.right !== undefined) this.buf.writeUInt32LE(links.right >>> 0, off + 0x48);
    if (links.child !== undefined) this.buf.writeUInt32LE(links.child >>> 0, off + 0x4c);
  }
  /** The last sector of a chain (bounded, in case the file already loops). */
  lastOfChain(start: number): number {
    let s = start;
    for (let k = 0; k < 1_000_000; k++) {
      const next = this.fat(s);
      if (next === END_OF_CHAIN || next >= 0xfffffff0) return s;
      s = next;
    }
    return s;
  }
}

export type CfbEdit = 'fat-self-loop' | 'chain-cycle' | 'huge-stream-size' | 'huge-fat-count' | 'sector-shift' | 'directory-cycle' | 'difat-loop';
export const CFB_EDITS: readonly CfbEdit[] = ['fat-self-loop', 'chain-cycle', 'huge-stream-size', 'huge-fat-count', 'sector-shift', 'directory-cycle', 'difat-loop'];

export function editCfb(original: Buffer, edit: CfbEdit): Buffer {
  const c = new Cfb(original);
  const word = Math.max(0, c.findEntry('WordDocument'));
  switch (edit) {
    case 'fat-self-loop':
      // The directory's own sector says it continues in itself.
      c.setFat(c.firstDirSector, c.firstDirSector);
      break;
    case 'chain-cycle': {
      const start = c.entryStart(word);
      c.setFat(c.lastOfChain(start), start);
      break;
    }
    case 'huge-stream-size':
      c.setEntrySize(word, 0xfffffff0, 0x7fffffff);
      break;
    case 'huge-fat-count':
      c.buf.writeUInt32LE(0x7fffffff, 0x2c);
      break;
    case 'sector-shift':
      c.buf.writeUInt16LE(30, 0x1e);
      break;
    case 'directory-cycle':
      // Root's child is entry 1, whose siblings are itself and the root: a tree walk never ends.
      c.setEntryLinks(0, { child: 1 });
      c.setEntryLinks(1, { left: 1, right: 0 });
      break;
    case 'difat-loop': {
      // A DIFAT chain of a million sectors, its one sector naming itself as the next.
      const s = c.firstDirSector;
      c.buf.writeUInt32LE(s, 0x44);
      c.buf.writeUInt32LE(1_000_000, 0x48);
      c.buf.writeUInt32LE(s, c.sectorOffset(s) + c.sectorSize - 4);
      break;
    }
  }
  return c.buf;
}

/** What the pipeline knows about a message once it is parsed; no mailparser types leak past here. */
export type ContentType = 'pdf' | 'docx' | 'docm' | 'doc' | 'rtf' | 'zip' | 'image' | 'text' | 'html' | 'tnef' | 'unknown';

export interface Attachment {
  /** The sender's file name (RFC 2231 decoded), or a made-up one when the part had none. */
  filename: string;
  /** Declared MIME type of the part; informational only (I-4: the bytes decide). */
  declaredType: string;
  /** Type decided from the bytes (I-4). */
  type: ContentType;
  bytes: Buffer;
  sha256: string;
  /** Set when the attachment cannot be read (I-5): why, in words for the sender. */
  unreadable?: string;
  /** Came out of a forwarded message (message/rfc822) or a winmail.dat. */
  nested?: boolean;
}

export interface Address {
  name: string;
  address: string; // lower-cased
}

export interface ParsedMessage {
  messageId: string | null;
  from: Address | null;
  /** Reply-To as the sender gave it, else From (for the record: replies go to From, see decide.ts). */
  replyTo: Address | null;
  to: Address[];
  cc: Address[];
  subject: string;
  date: Date | null;
  /** Dates of the Received: headers, newest first. */
  receivedDates: Date[];
  references: string[];
  inReplyTo: string | null;
  /** Plain text of the body (HTML converted to text when there is no text part). */
  text: string;
  attachments: Attachment[];
  /** Lower-cased header name → raw values, for the loop rules (I-3). */
  headers: Map<string, string[]>;
  /** Return-Path as given; '' for the null path `<>`; null when absent. */
  returnPath: string | null;
  /** Top-level content type, e.g. multipart/report for delivery reports. */
  contentType: string;
  /** Whether any part is a delivery or disposition report (message/delivery-status …). */
  hasDeliveryReport: boolean;
  /**
   * Parts deliberately left out of `attachments`: report parts of a bounce, S/MIME or PGP
   * signatures, images the HTML shows inline by `cid:` (signature logos). For the record.
   */
  excluded?: ExcludedPart[];
}

export interface ExcludedPart {
  filename: string;
  declaredType: string;
  size: number;
  why: 'delivery-report' | 'signature' | 'inline-image';
}

// A certificate's subject and issuer written as blackbox_exporter writes them in
// probe_ssl_last_chain_info: Go's pkix.Name.String(). That is not OpenSSL's order: the named
// attributes are regrouped (C, ST, L, STREET, POSTALCODE, O, OU, CN, SERIALNUMBER, then the
// whole list reversed, so CN comes first), values of one attribute share an RDN joined by
// '+', and any other attribute (emailAddress, ...) comes last as OID=#<DER of the value>.
// Node gives no OIDs, so the DER of the certificate is read here, as far as the two names.

interface Attribute {
  oid: string;
  value: string;
}

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

/** One DER element at `at` of `der`: its tag and where its contents start and end. */
function readTlv(der: Buffer, at: number): Tlv {
  const tag = der[at]!;
  let len = der[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('unsupported DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + i]!;
    start += n;
  }
  const end = start + len;
  if (end > der.length) throw new Error('truncated DER');
  return { tag, start, end };
}

function children(der: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.start; at < parent.end;) {
    const t = readTlv(der, at);
    out.push(t);
    at = t.end;
  }
  return out;
}

function oidText(bytes: Buffer): string {
  const parts = [Math.floor(bytes[0]! / 40), bytes[0]! % 40];
  let n = 0;
  for (let i = 1; i < bytes.length; i++) {
    n = n * 128 + (bytes[i]! & 0x7f);
    if (!(bytes[i]! & 0x80)) {
      parts.push(n);
      n = 0;
    }
  }
  return parts.join('.');
}

function stringValue(tag: number, bytes: Buffer): string {
  switch (tag) {
    case 0x1e: {
      // BMPString: UTF-16BE
      const swapped = Buffer.from(bytes);
      swapped.swap16();
      return swapped.toString('utf16le');
    }
    case 0x1c: {
      // UniversalString: UTF-32BE
      let s = '';
      for (let i = 0; i + 3 < bytes.length; i += 4) s += String.fromCodePoint(bytes.readUInt32BE(i));
      return s;
    }
    case 0x14:
      return bytes.toString('latin1'); // T61String, read as Go reads it
    default:
      return bytes.toString('utf8');
  }
}

function readName(der: Buffer, name: Tlv): Attribute[] {
  const out: Attribute[] = [];
  for (const rdn of children(der, name)) {
    for (const atv of children(der, rdn)) {
      const [type, value] = children(der, atv);
      if (!type || !value) continue;
      out.push({ oid: oidText(der.subarray(type.start, type.end)), value: stringValue(value.tag, der.subarray(value.start, value.end)) });
    }
  }
  return out;
}

/** Issuer and subject of a DER certificate, attribute by attribute in the certificate's order. */
export function certificateNames(der: Buffer): { issuer: Attribute[]; subject: Attribute[] } {
  const cert = readTlv(der, 0);
  const tbs = children(der, cert)[0]!;
  const fields = children(der, tbs);
  // An explicit [0] version comes first when present.
  const i = fields[0]?.tag === 0xa0 ? 1 : 0;
  // serialNumber, signature, issuer, validity, subject
  return { issuer: readName(der, fields[i + 2]!), subject: readName(der, fields[i + 4]!) };
}

// Go's short names, in the order pkix.Name.ToRDNSequence emits them.
const NAMED: [string, string][] = [
  ['2.5.4.6', 'C'],
  ['2.5.4.8', 'ST'],
  ['2.5.4.7', 'L'],
  ['2.5.4.9', 'STREET'],
  ['2.5.4.17', 'POSTALCODE'],
  ['2.5.4.10', 'O'],
  ['2.5.4.11', 'OU'],
  ['2.5.4.3', 'CN'],
  ['2.5.4.5', 'SERIALNUMBER'],
];
const NAMED_OIDS = new Set(NAMED.map(([oid]) => oid));
// Single-valued in Go's pkix.Name: the last one in the certificate wins, an empty one is dropped.
const SINGLE = new Set(['2.5.4.3', '2.5.4.5']);

function escapeValue(v: string): string {
  let out = '';
  for (let k = 0; k < v.length; k++) {
    const c = v[k]!;
    const escape = ',+"\\<>;'.includes(c) || (c === ' ' && (k === 0 || k === v.length - 1)) || (c === '#' && k === 0);
    out += escape ? `\\${c}` : c;
  }
  return out;
}

// Go's asn1.Marshal of a string: PrintableString when every character allows it, else UTF8String.
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

function derLength(n: number): string {
  if (n < 0x80) return n.toString(16).padStart(2, '0');
  const hex = n.toString(16);
  const bytes = hex.length % 2 ? `0${hex}` : hex;
  return `${(0x80 + bytes.length / 2).toString(16)}${bytes}`;
}

function marshalled(value: string): string {
  const bytes = Buffer.from(value, 'utf8');
  const tag = PRINTABLE.test(value) ? '13' : '0c';
  return `${tag}${derLength(bytes.length)}${bytes.toString('hex')}`;
}

/** The name as Go's pkix.Name.String() writes it (RFC 2253 style). */
export function goNameString(attrs: readonly Attribute[]): string {
  // RDNs in sequence order; String() writes them last first.
  const rdns: string[][] = [];
  for (const a of attrs) if (!NAMED_OIDS.has(a.oid)) rdns.push([`${a.oid}=#${marshalled(a.value)}`]);
  for (const [oid, short] of NAMED) {
    let values = attrs.filter((a) => a.oid === oid).map((a) => a.value);
    if (SINGLE.has(oid)) values = values.length && values[values.length - 1] !== '' ? [values[values.length - 1]!] : [];
    if (values.length) rdns.push(values.map((v) => `${short}=${escapeValue(v)}`));
  }
  return rdns
    .reverse()
    .map((rdn) => rdn.join('+'))
    .join(',');
}

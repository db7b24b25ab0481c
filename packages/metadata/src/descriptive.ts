import type { IptcValues } from './blocks/iptc';
import type { DescriptiveInfo } from './types';
import type { XmpValues } from './blocks/xmp';

/** Where the descriptive values come from, before reconciliation. */
export interface DescriptiveSources {
  exifDescription: string | null;
  exifArtist: string | null;
  /** IPTC-IIM in its standard place (JPEG APP13 Photoshop resources, TIFF tag 33723): the only IPTC the MWG rules weigh. */
  iptc: IptcValues | null;
  /**
   * IPTC elsewhere (a PNG's raw profile, Photoshop resources in a TIFF): ExifTool's strict MWG
   * mode leaves it out of Description, Keywords and Creator (it computes no digest for it); only
   * the title falls back to its ObjectName.
   */
  otherIptc: IptcValues | null;
  /**
   * False when the digest Photoshop stored as it last synchronised XMP with IPTC (resource 0x0425)
   * differs from the MD5 of the IPTC as it is now: the IPTC was edited after the XMP. True when
   * they agree or when no digest was stored.
   */
  xmpInSyncWithIptc: boolean;
  xmp: XmpValues | null;
}

/** IPTC-IIM's length limits: a value exactly this long may have been cut from the XMP one. */
const IPTC_LIMITS = { caption: 2000, byLine: 32, keyword: 64 } as const;

/**
 * Title, description, keywords, rating and creator, reconciled as the Metadata Working Group
 * guidelines say (and ExifTool's MWG tags do): a non-blank EXIF value wins where EXIF has the field;
 * otherwise XMP wins when there is no IPTC, or when the IPTC digest shows that the XMP was written
 * in sync with the IPTC as it is now; otherwise IPTC, recovered from XMP where IPTC's length limit
 * cut it. Title is XMP dc:title, else IPTC ObjectName; rating is XMP xmp:Rating.
 */
export function reconcileDescriptive(sources: DescriptiveSources): DescriptiveInfo {
  const { iptc, xmp } = sources;
  // Most files (every PNG, GIF and BMP without metadata) have no source at all.
  if (!iptc && !xmp && !sources.otherIptc && sources.exifDescription === null && sources.exifArtist === null)
    return { title: null, description: null, keywords: null, rating: null, creator: null };
  const xmpWins = (xmpValue: unknown) => iptc === null || (xmpValue !== null && sources.xmpInSyncWithIptc);
  const fromXmpOrIptc = <T extends string | string[]>(xmpValue: T | null, iptcValue: T | null, limit: number): T | null =>
    xmpWins(xmpValue) ? xmpValue : recoverTruncated(iptcValue, xmpValue, limit);

  const exifDescription = sources.exifDescription !== null && !/^ *$/.test(sources.exifDescription) ? sources.exifDescription : null;
  const exifCreator = sources.exifArtist !== null && !/^ *$/.test(sources.exifArtist) ? splitMwgList(sources.exifArtist) : null;
  return {
    title: xmp?.title ?? iptc?.objectName ?? sources.otherIptc?.objectName ?? null,
    description: exifDescription ?? fromXmpOrIptc(xmp?.description ?? null, iptc?.captionAbstract ?? null, IPTC_LIMITS.caption),
    keywords: fromXmpOrIptc(xmp?.subject ?? null, iptc?.keywords ?? null, IPTC_LIMITS.keyword),
    rating: xmp?.rating ?? null,
    creator: exifCreator ?? fromXmpOrIptc(xmp?.creator ?? null, iptc?.byLine ?? null, IPTC_LIMITS.byLine),
  };
}

/** An IPTC value cut at the dataset's limit is taken whole from XMP when XMP starts with it. */
function recoverTruncated<T extends string | string[]>(iptc: T | null, xmp: T | null, limit: number): T | null {
  if (iptc === null || xmp === null) return iptc;
  if (Array.isArray(iptc)) {
    const xmpList = (Array.isArray(xmp) ? xmp : [xmp]) as string[];
    return iptc.map((value, i) => recoverTruncated(value, xmpList[i] ?? null, limit) ?? value) as T;
  }
  const whole = (Array.isArray(xmp) ? xmp[0] : xmp) as string | undefined;
  return iptc.length === limit && whole !== undefined && whole.length > limit && whole.startsWith(iptc) ? (whole as T) : iptc;
}

/**
 * EXIF Artist holds one string; MWG stores several creators in it separated by "; ", quoting a
 * value that contains "; " or starts with a quote (quotes inside doubled).
 */
export function splitMwgList(text: string): string[] {
  const values: string[] = [];
  let inQuotes = false;
  for (let part of text.split('; ')) {
    const wasQuoted = inQuotes;
    if (!inQuotes && part.startsWith('"')) {
      inQuotes = true;
      part = part.slice(1);
    }
    if (inQuotes) {
      const closing = /((?:^|[^"])(?:"")*)"$/.exec(part);
      if (closing) {
        inQuotes = false;
        part = part.slice(0, part.length - 1);
      }
      part = part.replace(/""/g, '"');
    }
    if (wasQuoted) values[values.length - 1] += `; ${part}`;
    else values.push(part);
  }
  return values;
}

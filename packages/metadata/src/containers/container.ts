import { OutOfBoundsError } from '../errors';
import type { TiffStructure, TiffWindow } from '../blocks/exif/tiffStructure';
import type { VideoInfo } from '../types';
import type { MovieFacts } from './quickTime';
import { TooManyReadsError, type RangeReader } from '../readers/rangeReader';

/** What one container parser finds: dimensions, cheap header facts, and where the metadata is. */
export interface ContainerInfo {
  width: number | null;
  height: number | null;
  bitDepth?: number;
  hasAlpha?: boolean;
  animated?: boolean;
  frameCount?: number;
  /** HEIF/AVIF `irot`, degrees anticlockwise; a video track's rotation, degrees clockwise. */
  rotation?: number;
  iccProfile?: Uint8Array | null;
  /** The EXIF (TIFF) structure, if the container has one. */
  exif?: TiffWindow | null;
  /** EXIF already walked, when the container splits it over several blocks (a CR3's CMT1–CMT4). */
  exifStructure?: TiffStructure | null;
  /** A RAW's largest embedded JPEG, where it lies in the file. */
  embeddedPreview?: { offset: number; length: number } | null;
  /** A video's duration, codec and frame rate. */
  video?: VideoInfo;
  /** What a movie's own headers and metadata atoms say of its capture. */
  movie?: MovieFacts;
  /** The XMP packet, if the container has one in its standard place. */
  xmp?: Uint8Array | null;
  /** Photoshop image resources (JPEG APP13), which hold IPTC-IIM and its digest. */
  photoshop?: Uint8Array | null;
  /** IPTC-IIM stored on its own, outside Photoshop resources (a PNG's raw iptc profile). */
  iptc?: Uint8Array | null;
  warnings: string[];
}

/** An embedded JPEG smaller than this is no preview (ExifTool's test files keep stubs of a few bytes). */
export const MIN_PREVIEW_BYTES = 256;

/** One parser per format, all with this shape; one written as a synchronous walk (walkContainer) answers at once from bytes in memory. */
export type ContainerParser = (reader: RangeReader) => ContainerInfo | Promise<ContainerInfo>;

/**
 * Facts not found yet. Every field is written (undefined until a parser finds it), so that every
 * container's facts have one shape and the code that reads them stays monomorphic.
 */
export function emptyInfo(): ContainerInfo {
  return {
    width: null,
    height: null,
    bitDepth: undefined,
    hasAlpha: undefined,
    animated: undefined,
    frameCount: undefined,
    rotation: undefined,
    iccProfile: undefined,
    exif: undefined,
    exifStructure: undefined,
    embeddedPreview: undefined,
    video: undefined,
    movie: undefined,
    xmp: undefined,
    photoshop: undefined,
    iptc: undefined,
    warnings: [],
  };
}

/**
 * Runs a parser's synchronous walk over the bytes held (RangeReader.walk: again after each read it
 * needs), each time into fresh facts. A read past the end of the file (a truncated file) becomes
 * a warning and whatever the walk had found before it, as in tolerateTruncation; so does a walk
 * that needs more reads than a walk may make (a hostile chain of far-apart chunks).
 */
export function walkContainer(reader: RangeReader, walk: (reader: RangeReader, info: ContainerInfo) => void): ContainerInfo | Promise<ContainerInfo> {
  let info: ContainerInfo | undefined;
  try {
    const walked = reader.walk(() => {
      info = emptyInfo();
      walk(reader, info);
      return info;
    });
    return walked instanceof Promise ? walked.catch((error: unknown) => stoppedEarly(info, error)) : walked;
  } catch (error) {
    return stoppedEarly(info, error);
  }
}

/** The facts of a walk that stopped early, with why; any other error goes on. */
function stoppedEarly(info: ContainerInfo | undefined, error: unknown): ContainerInfo {
  const found = info ?? emptyInfo();
  if (error instanceof TooManyReadsError) found.warnings.push(`Headers not read further: ${error.message}`);
  else if (error instanceof OutOfBoundsError) noteTruncation(found, error);
  else throw error;
  return found;
}

/** A read past the end of the file (a truncated file): said in the facts, which keep what was found before it. */
function noteTruncation(info: ContainerInfo, error: OutOfBoundsError): void {
  info.warnings.push(`File is truncated or damaged: ${error.message}`);
}

/**
 * Runs a parser body; a read past the end of the file (a truncated file) becomes a warning and
 * whatever was found before it.
 */
export async function tolerateTruncation(info: ContainerInfo, body: () => Promise<void>): Promise<ContainerInfo> {
  try {
    await body();
  } catch (error) {
    if (!(error instanceof OutOfBoundsError)) throw error;
    noteTruncation(info, error);
  }
  return info;
}

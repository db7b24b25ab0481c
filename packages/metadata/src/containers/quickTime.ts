import { BinaryView } from '../readers/binaryView';
import type { RangeReader } from '../readers/rangeReader';
import { cleanText, decodeText } from '../blocks/text';
import type { LocationInfo, VideoInfo } from '../types';
import { emptyInfo, tolerateTruncation, type ContainerInfo, type ContainerParser } from './container';
import { MAX_METADATA_BLOCK_BYTES } from '../limits';
import { child, children, readBox, topLevelBoxes, uuidOf, XMP_UUID, type Box } from './isoBoxes';

/**
 * The largest `moov` read. Its sample tables grow with the length of the movie: a phone's
 * ten-minute 4K video has a few hundred kilobytes of them.
 */
const MAX_MOOV_BYTES = 16 * 1024 * 1024;
/** Seconds from 1904-01-01 (QuickTime's epoch) to 1970-01-01. */
const QUICKTIME_EPOCH_OFFSET = 2_082_844_800;
const MAX_TRACKS = 64;
const MAX_KEYS = 1000;
const KEY_DECODER = new TextDecoder();
/** Frame rates are kept to the thousandth, as ExifTool prints them. */
const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** What a movie says beyond its size: its own capture time, camera and place. */
export interface MovieFacts {
  make: string | null;
  model: string | null;
  software: string | null;
  /** Local wall-clock time when Apple's creationdate gives it, else the movie header's UTC time. */
  dateTimeOriginal: string | null;
  offsetTimeOriginal: string | null;
  /** The time is Apple's creationdate (else the movie header's). */
  fromAppleKeys: boolean;
  location: LocationInfo | null;
}

/**
 * QuickTime, MP4 and 3GP: finds `moov` by reading box headers only (phones often write it after
 * the media), then reads the movie header, the first video track (size, rotation, codec, frame
 * rate) and the metadata phones write (Apple's keys, the `©xyz`/`©mak` user data).
 */
export const parseQuickTime: ContainerParser = async (reader: RangeReader) => {
  const info = emptyInfo();
  return tolerateTruncation(info, async () => {
    // Every top-level box's header: after moov there is usually only the end of the file, or an
    // mdat whose header the moov read already holds.
    let moovBox: Box | undefined;
    for await (const box of topLevelBoxes(reader)) {
      if (box.type === 'moov') moovBox ??= box;
      else if (box.type === 'uuid' && !info.xmp && box.end - box.start > 16 && box.end - box.start <= MAX_METADATA_BLOCK_BYTES) {
        // Adobe's XMP uuid.
        if (uuidOf(await reader.read(box.start, 16)) === XMP_UUID) info.xmp = await reader.read(box.start + 16, box.end - box.start - 16);
      }
    }
    if (!moovBox) {
      info.warnings.push('The movie has no moov box');
      return;
    }
    const moov = await readBox(reader, moovBox, MAX_MOOV_BYTES);
    if (!moov) {
      info.warnings.push(`The moov box (${moovBox.end - moovBox.start} bytes) is too large to read`);
      return;
    }
    readMovie(moov, info);
    // QuickTime's own place for XMP: moov/udta/XMP_.
    const udta = child(moov, 0, moov.length, 'udta');
    const xmp = udta && child(moov, udta.start, udta.end, 'XMP_');
    if (xmp && !info.xmp) info.xmp = moov.slice(xmp.start, xmp.end - xmp.start);
  });
};

function readMovie(moov: BinaryView, info: ContainerInfo): void {
  const video: VideoInfo = { durationSeconds: null, codec: null, frameRate: null };
  const facts: MovieFacts = { make: null, model: null, software: null, dateTimeOriginal: null, offsetTimeOriginal: null, fromAppleKeys: false, location: null };
  info.video = video;
  info.movie = facts;
  info.rotation = 0;
  let utcCreated: string | null = null;
  let videoTrackSeen = false;
  let tracks = 0;
  for (const box of children(moov, 0, moov.length)) {
    if (box.type === 'mvhd') {
      const header = movieHeader(moov, box);
      video.durationSeconds = header.durationSeconds;
      utcCreated = header.created;
    } else if (box.type === 'trak' && tracks++ < MAX_TRACKS) {
      const track = readTrack(moov, box);
      // ExifTool's ImageWidth is the first track's that has one; the rest is the video track's.
      if (info.width === null && track.width && track.height) {
        info.width = track.width;
        info.height = track.height;
      }
      if (track.handler === 'vide' && !videoTrackSeen) {
        videoTrackSeen = true;
        info.rotation = track.rotation;
        video.codec = track.codec;
        video.frameRate = track.frameRate;
      }
    } else if (box.type === 'udta') {
      readUserData(moov, box, facts);
    } else if (box.type === 'meta') {
      readAppleKeys(moov, box, facts);
    }
  }
  if (!facts.dateTimeOriginal && utcCreated) {
    facts.dateTimeOriginal = utcCreated;
    facts.offsetTimeOriginal = '+00:00';
  }
}

function movieHeader(view: BinaryView, box: Box): { durationSeconds: number | null; created: string | null } {
  const version = view.u8(box.start);
  const wide = version === 1;
  const created = wide ? view.u64(box.start + 4) : view.u32(box.start + 4);
  const timescaleAt = box.start + (wide ? 20 : 12);
  const timescale = view.u32(timescaleAt);
  const duration = wide ? view.u64(timescaleAt + 4) : view.u32(timescaleAt + 4);
  return { durationSeconds: timescale ? duration / timescale : null, created: quickTimeDate(created) };
}

/** Seconds since 1904 as `YYYY-MM-DDTHH:MM:SS` (UTC), or null for 0 (unset). */
function quickTimeDate(seconds: number): string | null {
  if (!seconds || !Number.isSafeInteger(seconds)) return null;
  const date = new Date((seconds - QUICKTIME_EPOCH_OFFSET) * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 19);
}

interface Track {
  handler: string | null;
  width: number | null;
  height: number | null;
  rotation: number;
  codec: string | null;
  frameRate: number | null;
}

function readTrack(view: BinaryView, trak: Box): Track {
  const track: Track = { handler: null, width: null, height: null, rotation: 0, codec: null, frameRate: null };
  const tkhd = child(view, trak.start, trak.end, 'tkhd');
  if (tkhd) {
    const wide = view.u8(tkhd.start) === 1;
    // version/flags, created, modified, track id, reserved, duration, reserved[2], layer, group, volume, reserved
    const matrixAt = tkhd.start + 4 + (wide ? 32 : 20) + 16;
    const matrix = Array.from({ length: 9 }, (_, i) => view.i32(matrixAt + i * 4));
    track.rotation = rotationOf(matrix[0]!, matrix[1]!);
    track.width = trackDimension(view.u32(matrixAt + 36));
    track.height = trackDimension(view.u32(matrixAt + 40));
  }
  const mdia = child(view, trak.start, trak.end, 'mdia');
  if (!mdia) return track;
  const hdlr = child(view, mdia.start, mdia.end, 'hdlr');
  if (hdlr) track.handler = view.ascii(hdlr.start + 8, 4);
  const mdhd = child(view, mdia.start, mdia.end, 'mdhd');
  const timescale = mdhd ? view.u32(mdhd.start + (view.u8(mdhd.start) === 1 ? 20 : 12)) : 0;
  const minf = child(view, mdia.start, mdia.end, 'minf');
  const stbl = minf && child(view, minf.start, minf.end, 'stbl');
  if (!stbl) return track;
  const stsd = child(view, stbl.start, stbl.end, 'stsd');
  // Full box header (4), entry count (4), then the first sample entry: size (4) and format (4).
  if (stsd && view.fits(stsd.start + 12, 4)) track.codec = cleanText(view.ascii(stsd.start + 12, 4).replace(/\0/g, ''));
  const stts = child(view, stbl.start, stbl.end, 'stts');
  if (stts && timescale) track.frameRate = sampleRate(view, stts, timescale);
  return track;
}

/** ExifTool's FixWrongFormat: a 16.16 fixed-point size, or a plain integer as some cameras write it. */
function trackDimension(raw: number): number | null {
  if (!raw) return null;
  return raw & 0xfff00000 ? raw >>> 16 : raw;
}

/** The rotation of a track matrix, in degrees clockwise (0, 90, 180, 270 for real files). */
function rotationOf(a: number, b: number): number {
  if (a === 0 && b === 0) return 0;
  let angle = (Math.atan2(b, a) * 180) / Math.PI;
  if (angle < 0) angle += 360;
  return Math.round(angle * 1000) / 1000;
}

/** ExifTool's CalcSampleRate: all samples over their total duration, in the media's time scale. */
function sampleRate(view: BinaryView, stts: Box, timescale: number): number | null {
  const entries = Math.min(view.u32(stts.start + 4), Math.floor((stts.end - stts.start - 8) / 8));
  let samples = 0;
  let duration = 0;
  for (let i = 0; i < entries; i++) {
    const count = view.u32(stts.start + 8 + i * 8);
    samples += count;
    duration += count * view.u32(stts.start + 12 + i * 8);
  }
  return samples && duration ? round3((samples * timescale) / duration) : null;
}

/** The classic user-data atoms: `©xyz` (ISO 6709 place), `©mak`, `©mod`, `©swr`. */
function readUserData(view: BinaryView, udta: Box, facts: MovieFacts): void {
  for (const box of children(view, udta.start, udta.end)) {
    if (box.type === 'meta') {
      readAppleKeys(view, box, facts);
      continue;
    }
    if (box.type.charCodeAt(0) !== 0xa9 || box.end - box.start < 4) continue;
    const length = Math.min(view.u16(box.start), box.end - box.start - 4);
    const value = decodeText(view.bytes.subarray(box.start + 4, box.start + 4 + length));
    if (!value) continue;
    const name = box.type.slice(1);
    if (name === 'xyz') facts.location ??= iso6709(value);
    else if (name === 'mak') facts.make ??= value;
    else if (name === 'mod') facts.model ??= value;
    else if (name === 'swr') facts.software ??= value;
  }
}

/**
 * Apple's metadata: a `meta` box (QuickTime's, without ISO's version word, or ISO's with it)
 * whose `keys` name the `ilst` items.
 */
function readAppleKeys(view: BinaryView, meta: Box, facts: MovieFacts): void {
  const first = view.fits(meta.start + 4, 4) && view.ascii(meta.start + 4, 4) === 'hdlr' ? meta.start : meta.start + 4;
  const keysBox = child(view, first, meta.end, 'keys');
  const ilst = child(view, first, meta.end, 'ilst');
  if (!keysBox || !ilst) return;
  const keys: string[] = [];
  let at = keysBox.start + 8;
  const count = Math.min(view.u32(keysBox.start + 4), MAX_KEYS);
  for (let i = 0; i < count && at + 8 <= keysBox.end; i++) {
    const size = view.u32(at);
    if (size < 8 || at + size > keysBox.end) break;
    keys.push(KEY_DECODER.decode(view.bytes.subarray(at + 8, at + size)));
    at += size;
  }
  for (const item of children(view, ilst.start, ilst.end)) {
    const key = keys[view.u32(item.start - 4) - 1];
    const data = key && child(view, item.start, item.end, 'data');
    // data: type (4), locale (4), then the value; type 1 is UTF-8.
    if (!data || data.end - data.start < 8 || view.u32(data.start) !== 1) continue;
    const value = decodeText(view.bytes.subarray(data.start + 8, data.end));
    if (!value) continue;
    if (key === 'com.apple.quicktime.make') facts.make = value;
    else if (key === 'com.apple.quicktime.model') facts.model = value;
    else if (key === 'com.apple.quicktime.software') facts.software = value;
    else if (key === 'com.apple.quicktime.location.ISO6709') facts.location = iso6709(value) ?? facts.location;
    else if (key === 'com.apple.quicktime.creationdate') applyCreationDate(value, facts);
  }
}

/** Apple's `2019-07-24T11:25:40+0300`: the local time and its offset. */
function applyCreationDate(value: string, facts: MovieFacts): void {
  const match = /^(\d{4})[-:](\d{2})[-:](\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?/.exec(value);
  if (!match) return;
  const [, year, month, day, hour, minute, second, zone] = match;
  facts.dateTimeOriginal = `${year}-${month}-${day}T${hour}:${minute}:${second}`;
  facts.fromAppleKeys = true;
  facts.offsetTimeOriginal = !zone ? null : zone === 'Z' ? '+00:00' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
}

/** ISO 6709 in decimal degrees (`+32.0929+034.8620+012.000/`), as phones write it. */
export function iso6709(value: string): LocationInfo | null {
  const match = /^([+-]\d{1,2}(?:\.\d+)?)([+-]\d{1,3}(?:\.\d+)?)([+-]\d+(?:\.\d+)?)?/.exec(value);
  if (!match) return null;
  const latitude = Number(match[1]);
  const longitude = Number(match[2]);
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  return { latitude, longitude, altitude: match[3] === undefined ? null : Number(match[3]) };
}

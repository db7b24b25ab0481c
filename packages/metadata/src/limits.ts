/**
 * The core's one cap on a metadata block: an EXIF, XMP or ICC block, or a PNG metadata chunk, larger
 * than this is not read (ExifTool reads larger ones; real photos keep theirs far below). Bounding
 * each block bounds what one hostile file can make us allocate and parse.
 */
export const MAX_METADATA_BLOCK_BYTES = 1024 * 1024;

// exif-reader ships its tag-name tables as tags.js without typings.
declare module 'exif-reader/tags.js' {
  const tags: {
    Image: Record<number, string>;
    Photo: Record<number, string>;
    GPSInfo: Record<number, string>;
    Iop: Record<number, string>;
  };
  export = tags;
}

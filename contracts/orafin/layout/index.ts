export { LayoutError, type LayoutErrorCode, RECORD_LENGTH } from './fields';
export { type InFile, type InFileOrder, type ReadInFile, readInFile, writeInFile } from './in-file';
export {
  type OutFile,
  type OutFileRecord,
  type ReadOutFile,
  readOutFile,
  writeOutFile,
} from './out-file';
export {
  type BetFile,
  type BetFileRecord,
  type ReadBetFile,
  readBetFile,
  writeBetFile,
} from './bet-file';
export { type OrafinFileKind, orafinFileName, parseOrafinFileName } from './file-names';

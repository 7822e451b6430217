package io.pipescope.store.internal.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of a segment, as in Prometheus's tsdb/wlog: a sequence of 32 KiB pages. A
 * record is cut into fragments that never straddle a page, each behind a 7-byte header: type (1
 * byte), payload length (2 bytes, big-endian), CRC32C of the payload (4 bytes, big-endian). When
 * fewer than 7 bytes are left in a page they are zeros, and the next fragment starts the next page.
 * So every page begins with a fragment header, and zeros appear nowhere else.
 */
final class FragmentFormat {
  static final int PAGE_SIZE = 32 * 1024;
  static final int HEADER_SIZE = 7;

  /** The most payload one fragment carries: a whole page less its header. */
  static final int MAX_PAYLOAD = PAGE_SIZE - HEADER_SIZE;

  private FragmentFormat() {}

  static void writeHeader(byte[] page, int at, FragmentType type, int length, int checksum) {
    page[at] = type.code();
    page[at + 1] = (byte) (length >>> 8);
    page[at + 2] = (byte) length;
    page[at + 3] = (byte) (checksum >>> 24);
    page[at + 4] = (byte) (checksum >>> 16);
    page[at + 5] = (byte) (checksum >>> 8);
    page[at + 6] = (byte) checksum;
  }

  static int payloadLength(byte[] page, int at) {
    return (page[at + 1] & 0xff) << 8 | (page[at + 2] & 0xff);
  }

  static int storedChecksum(byte[] page, int at) {
    return (page[at + 3] & 0xff) << 24
        | (page[at + 4] & 0xff) << 16
        | (page[at + 5] & 0xff) << 8
        | (page[at + 6] & 0xff);
  }

  static int checksum(CRC32C crc, byte[] bytes, int offset, int length) {
    crc.reset();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  /**
   * Whether an intact fragment with a non-empty payload begins at {@code at}: a known type, a length
   * that fits both its page and the {@code present} bytes read, and a matching checksum. Empty
   * fragments are not counted: their checksum is 0, so the bytes 01 00 00 00 00 00 00, common inside
   * sample payloads, would pass.
   */
  static boolean isIntactFragmentAt(byte[] page, int at, int present, CRC32C crc) {
    if (present - at < HEADER_SIZE || FragmentType.fromCode(page[at] & 0xff) == null) {
      return false;
    }
    int length = payloadLength(page, at);
    if (length == 0 || length > PAGE_SIZE - at - HEADER_SIZE || length > present - at - HEADER_SIZE) {
      return false;
    }
    return checksum(crc, page, at + HEADER_SIZE, length) == storedChecksum(page, at);
  }

  /** Reads the page starting at {@code position} into {@code page}; returns the bytes present (0 at the end). */
  static int readPage(FileChannel channel, long position, byte[] page) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(page);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        break;
      }
    }
    return buffer.position();
  }
}

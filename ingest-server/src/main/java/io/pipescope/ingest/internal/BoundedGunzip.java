package io.pipescope.ingest.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Inflates a gzip body without trusting it: output is capped at the decompressed-size limit (so a
 * gzip bomb is refused after at most that many bytes) and every block is charged to the request's
 * in-flight lease before it is kept.
 */
public final class BoundedGunzip {
  private static final int BLOCK = 64 * 1024;

  private BoundedGunzip() {}

  public static byte[] inflate(byte[] compressed, long maxBytes, InflightLease lease)
      throws RefusedException {
    byte[] out = new byte[(int) Math.min(maxBytes, Math.max(BLOCK, compressed.length * 4L))];
    int size = 0;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), BLOCK)) {
      while (true) {
        if (size == out.length) {
          if (size >= maxBytes) {
            if (in.read() < 0) {
              break;
            }
            throw new RefusedException(Refusal.DECOMPRESSED_TOO_LARGE, "the gzip body expands to more than "
                + maxBytes + " bytes (ingest.limits.max_decompressed_bytes)");
          }
          out = Arrays.copyOf(out, (int) Math.min(maxBytes, (long) out.length * 2));
        }
        int n = in.read(out, size, out.length - size);
        if (n < 0) {
          break;
        }
        lease.acquire(n);
        size += n;
      }
    } catch (ZipException e) {
      throw new RefusedException(Refusal.UNDECODABLE, "the body is not valid gzip: " + e.getMessage());
    } catch (IOException e) {
      throw new RefusedException(Refusal.UNDECODABLE, "the gzip body could not be read: " + e.getMessage());
    }
    return size == out.length ? out : Arrays.copyOf(out, size);
  }
}

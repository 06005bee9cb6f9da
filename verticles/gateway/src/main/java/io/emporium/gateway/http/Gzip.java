package io.emporium.gateway.http;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * gzip for the answers the gateway prepares itself (cached ones, compressed once when stored), and
 * whether a request's {@code Accept-Encoding} takes it (RFC 9110 section 12.5.3). Every other answer
 * is compressed by Vert.x's HTTP server as it goes out.
 */
public final class Gzip {
  /** Below this, gzip's own header and trailer outweigh what it saves. */
  private static final int MIN_BYTES = 256;

  private Gzip() {}

  /** The gzip form of a body, or null when it would not be smaller. */
  public static Buffer compress(Buffer body) {
    if (body.length() < MIN_BYTES) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length() / 3 + 32);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(body.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.size() < body.length() ? Buffer.buffer(out.toByteArray()) : null;
  }

  /** True when the header lists gzip (or {@code *}) with a quality above zero, and does not refuse gzip. */
  public static boolean accepted(String acceptEncoding) {
    if (acceptEncoding == null || acceptEncoding.isEmpty()) {
      return false;
    }
    boolean gzip = false;
    boolean any = false;
    boolean gzipNamed = false;
    for (String part : acceptEncoding.split(",")) {
      String[] pieces = part.split(";");
      String coding = pieces[0].trim().toLowerCase(Locale.ROOT);
      boolean positive = quality(pieces) > 0;
      if (coding.equals("gzip") || coding.equals("x-gzip")) {
        gzipNamed = true;
        gzip |= positive;
      } else if (coding.equals("*")) {
        any = positive;
      }
    }
    return gzip || (!gzipNamed && any);
  }

  private static double quality(String[] pieces) {
    for (int i = 1; i < pieces.length; i++) {
      String parameter = pieces[i].trim();
      if (parameter.length() > 2 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q') && parameter.charAt(1) == '=') {
        try {
          return Double.parseDouble(parameter.substring(2).trim());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }
}

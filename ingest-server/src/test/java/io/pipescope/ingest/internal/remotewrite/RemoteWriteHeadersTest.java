package io.pipescope.ingest.internal.remotewrite;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.ingest.internal.Refusal;
import io.pipescope.ingest.internal.RefusedException;
import org.junit.jupiter.api.Test;

class RemoteWriteHeadersTest {

  @Test
  void theHeadersSpec10RequiresAreAccepted() {
    assertDoesNotThrow(() -> RemoteWriteHeaders.check("application/x-protobuf", "snappy", "0.1.0"));
    assertDoesNotThrow(() -> RemoteWriteHeaders.check("Application/X-Protobuf", "Snappy", "0.1.0"));
    assertDoesNotThrow(() -> RemoteWriteHeaders.check(
        "application/x-protobuf;proto=prometheus.WriteRequest", "snappy", "1.0.0"));
    assertDoesNotThrow(() -> RemoteWriteHeaders.check(
        "application/x-protobuf; proto=\"prometheus.WriteRequest\"", "snappy", null));
  }

  @Test
  void missingHeadersAreTakenAsTheirSpec10Values() {
    assertDoesNotThrow(() -> RemoteWriteHeaders.check(null, null, null));
    assertDoesNotThrow(() -> RemoteWriteHeaders.check("", " ", ""));
  }

  @Test
  void anotherMediaTypeIsRefused() {
    assertRefused("application/json", "snappy", "0.1.0", "unsupported Content-Type 'application/json'");
  }

  @Test
  void remoteWrite20IsRefusedSayingOnly10IsServed() {
    assertRefused("application/x-protobuf;proto=io.prometheus.write.v2.Request", "snappy", "2.0.0",
        "remote write 2.0");
    assertRefused("application/x-protobuf", "snappy", "2.0.0", "remote write version 2.0.0 is not served");
  }

  @Test
  void anUnknownProtoMessageIsRefused() {
    assertRefused("application/x-protobuf;proto=other.Message", "snappy", null, "proto=other.Message");
    assertRefused("application/x-protobuf;proto", "snappy", null, "malformed Content-Type parameter");
  }

  @Test
  void anEncodingOtherThanSnappyIsRefused() {
    assertRefused("application/x-protobuf", "gzip", "0.1.0", "unsupported Content-Encoding 'gzip'");
    assertRefused("application/x-protobuf", "identity", "0.1.0", "unsupported Content-Encoding 'identity'");
  }

  private static void assertRefused(String contentType, String encoding, String version, String messagePart) {
    RefusedException refused = assertThrows(RefusedException.class,
        () -> RemoteWriteHeaders.check(contentType, encoding, version));
    assertEquals(Refusal.UNSUPPORTED_MEDIA_TYPE, refused.refusal());
    assertTrue(refused.getMessage().contains(messagePart), refused.getMessage());
    assertTrue(refused.getMessage().contains("remote write 1.0 only"), refused.getMessage());
  }
}

package io.pipescope.ingest.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

/** The two OTLP/HTTP body encodings; a response uses the encoding of its request. */
enum OtlpEncoding {
  PROTOBUF("application/x-protobuf"),
  JSON("application/json");

  private final String contentType;

  OtlpEncoding(String contentType) {
    this.contentType = contentType;
  }

  String contentType() {
    return contentType;
  }

  /** The encoding named by a Content-Type header (parameters such as charset ignored), or null. */
  static OtlpEncoding fromContentType(String header) {
    if (header == null) {
      return null;
    }
    int semicolon = header.indexOf(';');
    String mediaType = (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
    for (OtlpEncoding e : values()) {
      if (e.contentType.equalsIgnoreCase(mediaType)) {
        return e;
      }
    }
    return null;
  }

  void decode(byte[] body, Message.Builder into) throws RefusedException {
    if (this == JSON) {
      OtlpJson.merge(body, into);
      return;
    }
    try {
      into.mergeFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new RefusedException(Refusal.UNDECODABLE, "the body is not a protobuf-encoded "
          + into.getDescriptorForType().getName() + ": " + e.getMessage());
    }
  }

  byte[] encode(Message message) {
    return this == JSON ? OtlpJson.print(message) : message.toByteArray();
  }
}

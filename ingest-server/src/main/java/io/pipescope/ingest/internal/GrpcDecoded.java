package io.pipescope.ingest.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A gRPC request message as received: decoded, or the reason it could not be. grpc-java turns an
 * exception thrown while parsing into UNKNOWN "Application error processing RPC", but the OTLP
 * specification asks for INVALID_ARGUMENT with a message; so parsing never throws here and the
 * service answers a failure itself.
 *
 * @param size bytes of the message as received (after gRPC decompression)
 */
record GrpcDecoded<T extends Message>(T message, int size, String error) {

  /** The request marshaller that produces {@link GrpcDecoded} values. */
  static <T extends Message> MethodDescriptor.Marshaller<GrpcDecoded<T>> marshaller(Parser<T> parser, String typeName) {
    return new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(GrpcDecoded<T> value) {
        return new ByteArrayInputStream(value.message().toByteArray());
      }

      @Override
      public GrpcDecoded<T> parse(InputStream stream) {
        byte[] bytes;
        try {
          bytes = stream.readAllBytes();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        try {
          return new GrpcDecoded<>(parser.parseFrom(bytes), bytes.length, null);
        } catch (InvalidProtocolBufferException e) {
          return new GrpcDecoded<>(null, bytes.length,
              "the message is not a protobuf-encoded " + typeName + ": " + e.getMessage());
        }
      }
    };
  }

  /** The decoded message, or a refusal saying why there is none. */
  T messageOrRefuse() throws RefusedException {
    if (error != null) {
      throw new RefusedException(Refusal.UNDECODABLE, error);
    }
    return message;
  }
}

package io.pipescope.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Where the demo's live factory dials pipescope, whatever address pipescope listens on. */
class DemoCommandTest {
  @Test
  void aWildcardListenerIsDialedOnLoopback() throws Exception {
    // --bind 0.0.0.0, as the container runs it: the listening address is the IPv6 or IPv4 wildcard.
    assertEquals("127.0.0.1:4317",
        DemoCommand.dialTarget(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 4317)));
    assertEquals("127.0.0.1:4317", DemoCommand.dialTarget(new InetSocketAddress(InetAddress.getByName("::"), 4317)));
  }

  @Test
  void aSpecificAddressIsDialedAsItIsWithIpv6InBrackets() throws Exception {
    assertEquals("127.0.0.1:14317",
        DemoCommand.dialTarget(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 14317)));
    assertEquals("[0:0:0:0:0:0:0:1]:4317",
        DemoCommand.dialTarget(new InetSocketAddress(InetAddress.getByName("::1"), 4317)));
  }
}

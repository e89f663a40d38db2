package dev.sower.rsync.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** hosts allow / hosts deny with rsyncd's precedence. */
class HostAccessTest {
  @ParameterizedTest(name = "{0} allow=[{1}] deny=[{2}] -> {3}")
  @CsvSource(delimiter = ';', value = {
      "127.0.0.1; ''; ''; true",
      "127.0.0.1; 127.0.0.0/8; ''; true",
      "10.1.2.3; 127.0.0.0/8; ''; false",
      "10.1.2.3; ''; 10.0.0.0/255.0.0.0; false",
      "10.1.2.3; 10.1.2.3; 10.0.0.0/8; true",
      "10.1.2.3; 10.1.*; ''; true",
      "192.168.1.1; 10.1.* 192.168.1.0/24; ''; true",
      "::1; ::1; ''; true",
      "::1; 127.0.0.1; ''; false",
      "2001:db8::5; 2001:db8::/32; ''; true",
  })
  void decides(String addr, String allow, String deny, boolean allowed) throws Exception {
    List<String> a = allow.isEmpty() ? List.of() : List.of(allow);
    List<String> d = deny.isEmpty() ? List.of() : List.of(deny);
    assertThat(HostAccess.allowed(InetAddress.getByName(addr), a, d)).isEqualTo(allowed);
  }
}

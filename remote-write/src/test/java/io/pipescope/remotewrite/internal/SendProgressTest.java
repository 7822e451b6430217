package io.pipescope.remotewrite.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.store.WalPosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendProgressTest {
  @TempDir Path dir;

  @Test
  void whatIsSavedLoadsBack() throws IOException {
    Path file = dir.resolve("central.progress");
    assertNull(SendProgress.load(file), "no file: a first start");
    SampleMark[] marks = {new SampleMark(3, 12_000, 5), null, new SampleMark(4, 7, 0)};
    SendProgress.save(file, new SendProgress.State(new WalPosition(3, 11_000), marks));
    SendProgress.State loaded = SendProgress.load(file);
    assertEquals(new WalPosition(3, 11_000), loaded.resume());
    assertArrayEquals(marks, loaded.marks());
    SendProgress.save(file, new SendProgress.State(new WalPosition(4, 8), new SampleMark[3]));
    assertEquals(new WalPosition(4, 8), SendProgress.load(file).resume(), "a later save replaces the file");
  }

  @Test
  void aDamagedFileIsRefusedRatherThanMisread() throws IOException {
    Path file = dir.resolve("central.progress");
    SendProgress.save(file, new SendProgress.State(new WalPosition(3, 11_000), new SampleMark[1]));
    Files.writeString(file, Files.readString(file).replace("resume 3 11000", "resume 3 91000"));
    IOException e = assertThrows(IOException.class, () -> SendProgress.load(file));
    assertTrue(e.getMessage().contains("damaged"), e.getMessage());
  }

  @Test
  void aMarkCoversItsOwnSampleAndEverythingBefore() {
    SampleMark mark = new SampleMark(3, 100, 5);
    assertTrue(mark.covers(new WalPosition(3, 100), 5));
    assertTrue(mark.covers(new WalPosition(3, 100), 0));
    assertTrue(mark.covers(new WalPosition(3, 99), 9));
    assertTrue(mark.covers(new WalPosition(2, 5000), 9));
    assertTrue(!mark.covers(new WalPosition(3, 100), 6));
    assertTrue(!mark.covers(new WalPosition(3, 101), 0));
    assertTrue(!mark.covers(new WalPosition(4, 0), 0));
  }
}

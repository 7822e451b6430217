package io.pipescope.store.internal.block;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.internal.encoding.ByteSink;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Collects the series of a block, in label order, and writes the {@code index} file (layout in
 * {@link IndexFormat}). Holds labels and chunk metadata in memory until {@link #write}: a few dozen
 * bytes a chunk, while the chunks themselves have already gone to their segments.
 */
final class IndexWriter {
  private record SeriesEntry(Labels labels, long[] minTimes, long[] maxTimes, long[] refs) {}

  private final List<SeriesEntry> series = new ArrayList<>();

  /** Adds the next series; its id is the number of series added before it. */
  void add(Labels labels, long[] minTimes, long[] maxTimes, long[] refs) {
    series.add(new SeriesEntry(labels, minTimes, maxTimes, refs));
  }

  /** Writes the index to a new file and syncs it. */
  void write(Path file) throws IOException {
    String[] symbols = symbols();
    Map<String, Integer> symbolRefs = new HashMap<>(symbols.length * 2);
    for (int i = 0; i < symbols.length; i++) {
      symbolRefs.put(symbols[i], i);
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
      ByteSink header = new ByteSink(IndexFormat.HEADER_BYTES);
      header.putBigEndian32(IndexFormat.MAGIC);
      header.putByte(IndexFormat.VERSION);
      header.putByte(0);
      header.putByte(0);
      header.putByte(0);
      header.writeTo(out);
      long position = IndexFormat.HEADER_BYTES;

      ByteSink toc = new ByteSink(IndexFormat.TOC_BYTES);
      toc.putBigEndian64(position);
      position += writeSection(out, symbolsBody(symbols));
      toc.putBigEndian64(position);
      position += writeSection(out, seriesBody(symbolRefs));
      toc.putBigEndian64(position);
      writeSection(out, postingsBody(symbolRefs));
      toc.putBigEndian32(toc.crc32c(0));
      toc.writeTo(out);
      out.flush();
      channel.force(true);
    }
  }

  /** Every label name and value, sorted; empty values too, since series keep them. */
  private String[] symbols() {
    TreeSet<String> all = new TreeSet<>();
    for (SeriesEntry s : series) {
      for (int i = 0; i < s.labels().size(); i++) {
        all.add(s.labels().name(i));
        all.add(s.labels().value(i));
      }
    }
    return all.toArray(new String[0]);
  }

  private static ByteSink symbolsBody(String[] symbols) {
    ByteSink body = new ByteSink(symbols.length * 16);
    body.putUvarint(symbols.length);
    for (String symbol : symbols) {
      body.putString(symbol);
    }
    return body;
  }

  private ByteSink seriesBody(Map<String, Integer> symbolRefs) {
    ByteSink body = new ByteSink(series.size() * 32);
    body.putUvarint(series.size());
    for (SeriesEntry s : series) {
      Labels labels = s.labels();
      body.putUvarint(labels.size());
      for (int i = 0; i < labels.size(); i++) {
        body.putUvarint(symbolRefs.get(labels.name(i)));
        body.putUvarint(symbolRefs.get(labels.value(i)));
      }
      body.putUvarint(s.refs().length);
      for (int c = 0; c < s.refs().length; c++) {
        long minTime = s.minTimes()[c];
        long maxTime = s.maxTimes()[c];
        if (c == 0) {
          body.putVarint(minTime);
          body.putUvarint(maxTime - minTime);
          body.putUvarint(s.refs()[c]);
        } else {
          body.putUvarint(minTime - s.maxTimes()[c - 1]);
          body.putUvarint(maxTime - minTime);
          body.putVarint(s.refs()[c] - s.refs()[c - 1]);
        }
      }
    }
    return body;
  }

  private ByteSink postingsBody(Map<String, Integer> symbolRefs) {
    // Series are added in order, so each list grows in id order.
    TreeMap<String, TreeMap<String, List<Integer>>> byName = new TreeMap<>();
    for (int id = 0; id < series.size(); id++) {
      Labels labels = series.get(id).labels();
      for (int i = 0; i < labels.size(); i++) {
        if (!labels.value(i).isEmpty()) {
          byName.computeIfAbsent(labels.name(i), n -> new TreeMap<>())
              .computeIfAbsent(labels.value(i), v -> new ArrayList<>())
              .add(id);
        }
      }
    }
    ByteSink body = new ByteSink(series.size() * 8);
    int pairs = 0;
    for (TreeMap<String, List<Integer>> values : byName.values()) {
      pairs += values.size();
    }
    body.putUvarint(pairs);
    for (Map.Entry<String, TreeMap<String, List<Integer>>> name : byName.entrySet()) {
      for (Map.Entry<String, List<Integer>> value : name.getValue().entrySet()) {
        body.putUvarint(symbolRefs.get(name.getKey()));
        body.putUvarint(symbolRefs.get(value.getKey()));
        List<Integer> ids = value.getValue();
        body.putUvarint(ids.size());
        int previous = 0;
        for (int i = 0; i < ids.size(); i++) {
          body.putUvarint(i == 0 ? ids.get(i) : ids.get(i) - previous);
          previous = ids.get(i);
        }
      }
    }
    return body;
  }

  /** Writes length, body and checksum; returns the bytes written. */
  private static int writeSection(OutputStream out, ByteSink body) throws IOException {
    ByteSink frame = new ByteSink(4);
    frame.putBigEndian32(body.size());
    frame.writeTo(out);
    body.writeTo(out);
    frame.clear();
    frame.putBigEndian32(body.crc32c(0));
    frame.writeTo(out);
    return IndexFormat.SECTION_FRAME_BYTES + body.size();
  }
}

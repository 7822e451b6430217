package io.pipescope.app.testing;

import io.pipescope.query.testing.DebianPackages;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (both installed by the project's
 * script, never downloaded by Selenium Manager), in a fresh profile, with the browser console kept
 * so a test can fail on any error the page logged.
 */
public final class HeadlessChromium implements AutoCloseable {
  public static final int WIDTH = 1366;
  public static final int HEIGHT = 900;
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final Path profile;
  private final List<LogEntry> console = new ArrayList<>();

  private HeadlessChromium(ChromeDriverService service, ChromeDriver driver, Path profile) {
    this.service = service;
    this.driver = driver;
    this.profile = profile;
  }

  public static HeadlessChromium start() {
    DebianPackages.ensure("chromium=chromium", "chromedriver=chromium-driver");
    Path profile;
    try {
      profile = Files.createTempDirectory("pipescope-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    // Without the background-networking flags Chromium keeps calling home, and on a closed
    // network each attempt is a refused connection.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=" + WIDTH + "," + HEIGHT, "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER))
        .usingAnyFreePort()
        .build();
    try {
      return new HeadlessChromium(service, new ChromeDriver(service, options), profile);
    } catch (RuntimeException e) {
      service.stop();
      delete(profile);
      throw e;
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  public WebDriverWait waitUpTo(Duration timeout) {
    return new WebDriverWait(driver, timeout);
  }

  /** Everything the page logged to the console so far (errors, warnings, failed loads). */
  public List<LogEntry> console() {
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      console.add(entry);
    }
    return List.copyOf(console);
  }

  /** The console entries at SEVERE: uncaught exceptions, console.error and failed resource loads. */
  public List<LogEntry> consoleErrors() {
    return console().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
  }

  /** The whole page, however long, as a PNG at {@code path} (the window grows for it, then shrinks back). */
  public Path screenshotFullPage(Path path) {
    long height = (Long) ((JavascriptExecutor) driver).executeScript(
        "return Math.ceil(document.documentElement.scrollHeight)");
    Dimension before = driver.manage().window().getSize();
    driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.max(height + 140, before.getHeight())));
    try {
      // One frame for the charts to follow the new size before the picture.
      ((JavascriptExecutor) driver).executeAsyncScript(
          "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(done));");
      return screenshot(path);
    } finally {
      driver.manage().window().setSize(before);
    }
  }

  public Path screenshot(Path path) {
    try {
      Files.createDirectories(path.toAbsolutePath().getParent());
      Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), path, StandardCopyOption.REPLACE_EXISTING);
      return path.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      delete(profile);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // The profile is in the temporary directory; a leftover file there harms no later test.
    }
  }
}

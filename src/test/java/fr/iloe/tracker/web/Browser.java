package fr.iloe.tracker.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the browser tests, driven through the system's chromedriver: the Debian packages
 * {@code chromium} and {@code chromium-driver} (installed by {@code .ci/run}). Both paths are given to Selenium,
 * so that Selenium Manager never looks for (or downloads) a browser or a driver. Without them the tests are
 * skipped with a message, except in CI ({@code CI=true}), where they must run.
 */
final class Browser {
  static final Path CHROMIUM = Path.of(env("CHROMIUM_BIN", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(env("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private Browser() {}

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** Skips the calling test class when Chromium or its driver is missing (fails instead in CI). */
  static void assumeInstalled() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    String missing = "headless Chromium and its driver are needed (" + CHROMIUM + ", " + CHROMEDRIVER + "): on Debian, "
        + "apt-get install chromium chromium-driver (.ci/run does it); the browser tests are skipped";
    fr.iloe.tracker.TestEnv.requireTool(present, missing);
  }

  /** Removes the failure screenshots of an earlier run. */
  static void clearFailures() {
    try (java.util.stream.Stream<Path> old = Files.isDirectory(SCREENSHOTS) ? Files.list(SCREENSHOTS) : java.util.stream.Stream.empty()) {
      for (Path p : old.filter(p -> p.getFileName().toString().startsWith("FAILED-")).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new headless browser, French first, downloading into {@code downloads} without asking. */
  static ChromeDriver start(Path downloads) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1280,2000", "--lang=fr-FR", "--no-first-run", "--disable-extensions",
        "--disable-background-networking", "--disable-component-update", "--disable-sync");
    options.setExperimentalOption("prefs", Map.of(
        "download.default_directory", downloads.toAbsolutePath().toString(),
        "download.prompt_for_download", false,
        "intl.accept_languages", "fr-FR,fr"));
    org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
    logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    return driver;
  }

  /**
   * The browser console's errors, but the failed requests the pages expect (a refused token, a refused weighing):
   * a script error or a Content-Security-Policy violation shows here.
   */
  static java.util.List<String> consoleErrors(ChromeDriver driver) {
    return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
        .map(org.openqa.selenium.logging.LogEntry::getMessage)
        .filter(m -> !m.contains("Failed to load resource: the server responded with a status of"))
        .toList();
  }

  /** Saves what the browser shows as target/screenshots/{name}.png (a build artefact). */
  static Path screenshot(ChromeDriver driver, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.hubjira.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * README's demo command, {@code mvn spring-boot:test-run}, starts the class pom.xml names for command-line runs: the
 * test classpath holds more than one main class, and without the name Maven stops before anything starts.
 */
class DemoCommandTest {

    @Test
    void theDemoLauncherThePomNamesExistsAndHasAMainMethod() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher named = Pattern.compile("<id>default-cli</id>\\s*<configuration>\\s*<mainClass>([\\w.]+)</mainClass>").matcher(pom);
        assertThat(named.find()).as("pom.xml names the demo's main class for spring-boot:test-run").isTrue();
        Method main = Class.forName(named.group(1)).getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
        assertThat(named.group(1)).as("the demo launcher, which runs the connector against the simulators").endsWith("TestConnectorApplication");
    }
}

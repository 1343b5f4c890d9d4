package com.marketiger3d.auth.test.simulator;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import com.marketiger3d.simulator.MarketigerSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the simulator's jar, which a test starter user has on the class path, has
 * nothing an application's component scan or auto-configuration would pick up.
 */
class SimulatorJarTests {

	@Test
	void simulatorJarHasNoSpringBootConfigurationNorAnyConfigurationClass() throws Exception {
		List<String> entries = entries();
		List<Class<?>> classes = new ArrayList<>();
		for (String entry : entries) {
			if (entry.endsWith(".class") && !entry.endsWith("module-info.class")) {
				String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
				classes.add(Class.forName(name, false, getClass().getClassLoader()));
			}
		}
		assertThat(classes).as("the scan found the simulator's classes").contains(MarketigerSimulator.class);
		assertThat(classes).filteredOn(SimulatorJarTests::isConfiguration).isEmpty();
	}

	@Test
	void simulatorJarRegistersNothingWithSpringBoot() throws Exception {
		assertThat(entries()).isNotEmpty()
			.noneMatch((entry) -> entry.startsWith("META-INF/spring/") || entry.equals("META-INF/spring.factories")
					|| entry.startsWith("application.") || entry.startsWith("config/"));
	}

	private static boolean isConfiguration(Class<?> type) {
		MergedAnnotations annotations = MergedAnnotations.from(type, SearchStrategy.TYPE_HIERARCHY);
		return annotations.isPresent(SpringBootConfiguration.class) || annotations.isPresent(Configuration.class);
	}

	/**
	 * The simulator's classes as the build put them on the class path: its jar, or its
	 * classes directory when an IDE runs the test.
	 */
	private List<String> entries() throws IOException, URISyntaxException {
		Path location = Path.of(MarketigerSimulator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		List<String> entries = new ArrayList<>();
		if (Files.isDirectory(location)) {
			try (Stream<Path> files = Files.walk(location)) {
				files.filter(Files::isRegularFile)
					.forEach((file) -> entries.add(location.relativize(file).toString().replace('\\', '/')));
			}
			return entries;
		}
		try (JarFile jar = new JarFile(location.toFile())) {
			for (Enumeration<JarEntry> all = jar.entries(); all.hasMoreElements();) {
				entries.add(all.nextElement().getName());
			}
		}
		return entries;
	}

}

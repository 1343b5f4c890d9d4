package com.marketiger3d.auth.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The properties table of the reference guide against the configuration metadata the
 * build generates: the same properties, and the same defaults, so the two cannot drift.
 */
class PropertiesReferenceTests {

	private static final String PREFIX = "marketiger.auth.";

	private static final Path TABLE = Path.of("..", "docs", "reference", "properties.md");

	private static final Path METADATA = Path.of("target", "classes", "META-INF", "spring-configuration-metadata.json");

	private static final Pattern CODE = Pattern.compile("`([^`]+)`");

	@Test
	void tableNamesEveryPropertyOfTheMetadataWithItsDefault() throws IOException {
		Map<String, String> documented = documented();
		Map<String, String> generated = generated();

		assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(generated.keySet());
		generated.forEach((name, defaultValue) -> assertThat(documented.get(name))
			.as("default of %s%s in %s", PREFIX, name, TABLE)
			.isEqualTo(defaultValue));
	}

	/** Name to default (or {@code none}) of each property in the table's rows. */
	private static Map<String, String> documented() throws IOException {
		Map<String, String> documented = new LinkedHashMap<>();
		for (String line : Files.readAllLines(TABLE)) {
			String[] cells = line.split("\\|");
			if (cells.length < 4 || !cells[1].trim().startsWith("`")) {
				continue;
			}
			List<String> names = codes(cells[1]);
			List<String> defaults = codes(cells[2]);
			for (int i = 0; i < names.size(); i++) {
				documented.put(names.get(i), (i < defaults.size()) ? defaults.get(i) : "none");
			}
		}
		return documented;
	}

	private static List<String> codes(String cell) {
		List<String> codes = new ArrayList<>();
		Matcher matcher = CODE.matcher(cell);
		while (matcher.find()) {
			codes.add(matcher.group(1));
		}
		return codes;
	}

	private static Map<String, String> generated() throws IOException {
		JsonNode metadata = JsonMapper.builder().build().readTree(Files.readString(METADATA));
		Map<String, String> generated = new LinkedHashMap<>();
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asString();
			if (name.startsWith(PREFIX)) {
				JsonNode defaultValue = property.get("defaultValue");
				generated.put(name.substring(PREFIX.length()),
						(defaultValue != null) ? defaultValue.asString() : "none");
			}
		}
		return generated;
	}

}

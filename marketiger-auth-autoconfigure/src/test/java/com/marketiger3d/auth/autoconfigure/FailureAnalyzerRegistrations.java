package com.marketiger3d.auth.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.util.StringUtils;

/**
 * Reads the {@link FailureAnalyzer} names registered in every
 * {@code META-INF/spring.factories} on the test classpath.
 */
final class FailureAnalyzerRegistrations {

	private FailureAnalyzerRegistrations() {
	}

	static List<String> names() {
		try {
			List<String> names = new ArrayList<>();
			for (URL url : Collections
				.list(FailureAnalyzerRegistrations.class.getClassLoader().getResources("META-INF/spring.factories"))) {
				Properties factories = PropertiesLoaderUtils.loadProperties(new UrlResource(url));
				String value = factories.getProperty(FailureAnalyzer.class.getName());
				if (value != null) {
					for (String name : StringUtils.commaDelimitedListToStringArray(value)) {
						names.add(name.trim());
					}
				}
			}
			return names;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

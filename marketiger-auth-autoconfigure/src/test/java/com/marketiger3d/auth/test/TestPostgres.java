package com.marketiger3d.auth.test;

import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The PostgreSQL the tests run against: {@code 127.0.0.1:5432}, database {@code test},
 * trust authentication (CI starts it). Each {@link #schema() schema} is new, so runs that
 * share the server never see each other's tables.
 */
public final class TestPostgres {

	private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

	private TestPostgres() {
	}

	/**
	 * Create a new schema and a pool whose connections use it.
	 * @return the pool; closing it drops nothing, {@link #drop} does
	 */
	public static HikariDataSource schema() {
		String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
		try (HikariDataSource admin = pool(URL, 1)) {
			new JdbcTemplate(admin).execute("create schema " + schema);
		}
		return pool(URL + "?currentSchema=" + schema, 8);
	}

	/**
	 * Drop the schema of a pool made by {@link #schema()}, and close the pool.
	 * @param dataSource the pool
	 */
	public static void drop(HikariDataSource dataSource) {
		String schema = new JdbcTemplate(dataSource).queryForObject("select current_schema()", String.class);
		dataSource.close();
		try (HikariDataSource admin = pool(URL, 1)) {
			new JdbcTemplate(admin).execute("drop schema " + schema + " cascade");
		}
	}

	private static HikariDataSource pool(String url, int size) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername("postgres");
		config.setMaximumPoolSize(size);
		return new HikariDataSource(config);
	}

}

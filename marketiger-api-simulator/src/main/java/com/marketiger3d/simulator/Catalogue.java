package com.marketiger3d.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * One account's projects and 3D models: the same names for every account, with
 * identifiers derived from the account's e-mail (ignoring case) and the names, so that
 * two accounts never share an identifier, and an account sees the same identifiers in
 * every run. A client that sends one account's token gets that account's identifiers
 * only.
 */
final class Catalogue {

	private static final List<String> PROJECT_NAMES = List.of("Showroom", "Spring Collection", "Trade Fair");

	private static final int MODEL_COUNT = 20;

	private final List<Project> projects = new ArrayList<>();

	private final List<Model> models = new ArrayList<>();

	/**
	 * Create the catalogue of one account.
	 * @param owner the account's e-mail
	 */
	Catalogue(String owner) {
		String namespace = owner.toLowerCase(Locale.ROOT) + "/";
		for (String name : PROJECT_NAMES) {
			this.projects.add(new Project(id(namespace + "project:" + name), name));
		}
		for (int i = 1; i <= MODEL_COUNT; i++) {
			String name = String.format("Model %02d", i);
			Project project = this.projects.get((i - 1) % this.projects.size());
			this.models.add(new Model(id(namespace + "model:" + name), name, project.projectId()));
		}
	}

	List<Project> projects() {
		return List.copyOf(this.projects);
	}

	/**
	 * Return one page of models.
	 * @param page the page, from 1
	 * @param pageSize the models per page
	 * @return the page, empty past the last one
	 */
	List<Model> models(int page, int pageSize) {
		long from = (long) (page - 1) * pageSize;
		if (from >= this.models.size()) {
			return List.of();
		}
		int to = (int) Math.min(from + pageSize, this.models.size());
		return List.copyOf(this.models.subList((int) from, to));
	}

	int modelCount() {
		return this.models.size();
	}

	private static UUID id(String name) {
		return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
	}

	record Project(UUID projectId, String name) {

	}

	record Model(UUID modelId, String name, UUID projectId) {

	}

}

package org.peerwave.app.ui.preferences;

import java.io.File;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.peerwave.app.settings.AppSettings;

/**
 * The preferences window: tabs General, Connection, Speed and Queue, bound to
 * {@link PreferencesViewModel}; OK applies (and stays open while something is invalid).
 * {@code onApplied} gets the notice for the status bar.
 */
public final class PreferencesView {

    private final Dialog<ButtonType> dialog = new Dialog<>();

    public PreferencesView(PreferencesViewModel vm, Window owner, Consumer<String> onApplied) {
        dialog.initOwner(owner);
        dialog.setTitle("Preferences");
        dialog.setResizable(true);
        dialog.getDialogPane().setId("preferencesDialog");
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);

        TabPane tabs = new TabPane(
                tab("General", general(vm)),
                tab("Connection", connection(vm)),
                tab("Speed", speed(vm)),
                tab("Queue", queue(vm)));
        tabs.setId("preferencesTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Label error = new Label();
        error.setId("prefError");
        error.setStyle("-fx-text-fill: -color-danger-fg;");
        error.textProperty().bind(vm.errorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        VBox content = new VBox(8, tabs, error);
        content.setPrefWidth(560);
        dialog.getDialogPane().setContent(content);

        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.setId("prefOk");
        ok.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            List<String> later = vm.apply();
            if (later == null) {
                e.consume(); // stay open and show what is wrong
            } else {
                onApplied.accept(PreferencesViewModel.appliedNotice(later));
            }
        });
        dialog.getDialogPane().lookupButton(ButtonType.CANCEL).setId("prefCancel");
    }

    private static Tab tab(String title, Node content) {
        Tab t = new Tab(title, content);
        t.setId("prefTab" + title);
        return t;
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(10);
        g.setPadding(new Insets(12));
        return g;
    }

    private Node general(PreferencesViewModel vm) {
        GridPane g = grid();
        TextField folder = new TextField();
        folder.setId("prefSaveDir");
        folder.textProperty().bindBidirectional(vm.defaultSaveDirProperty());
        HBox.setHgrow(folder, Priority.ALWAYS);
        Button browse = new Button("Browse\u2026", new FontIcon(Material2AL.FOLDER_OPEN));
        browse.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Default save folder");
            File current = new File(vm.defaultSaveDirProperty().get());
            if (current.isDirectory()) {
                chooser.setInitialDirectory(current);
            }
            File picked = chooser.showDialog(dialog.getDialogPane().getScene().getWindow());
            if (picked != null) {
                vm.defaultSaveDirProperty().set(picked.getAbsolutePath());
            }
        });
        HBox folderRow = new HBox(6, folder, browse);
        folderRow.setAlignment(Pos.CENTER_LEFT);
        GridPane.setHgrow(folderRow, Priority.ALWAYS);

        ChoiceBox<AppSettings.Theme> theme = new ChoiceBox<>();
        theme.setId("prefTheme");
        theme.getItems().setAll(AppSettings.Theme.values());
        theme.setConverter(new StringConverter<>() {
            @Override
            public String toString(AppSettings.Theme t) {
                return t == null ? "" : switch (t) {
                    case SYSTEM -> "Same as the system";
                    case LIGHT -> "Light";
                    case DARK -> "Dark";
                };
            }

            @Override
            public AppSettings.Theme fromString(String s) {
                return null;
            }
        });
        theme.valueProperty().bindBidirectional(vm.themeProperty());

        g.addRow(0, new Label("Default save folder"), folderRow);
        g.addRow(1, new Label("Theme"), theme);
        g.add(check("prefNotifications", "Notify me when a download completes", vm.notificationsProperty()), 0, 2, 2, 1);
        g.add(check("prefStartMinimized", "Start minimized", vm.startMinimizedProperty()), 0, 3, 2, 1);
        g.add(check("prefCloseToTray", "Closing the window keeps Peerwave running in the tray",
                vm.closeToTrayProperty()), 0, 4, 2, 1);
        g.add(check("prefConfirmExternal", "Confirm links and files from other programs (show the add dialog)",
                vm.confirmExternalAddsProperty()), 0, 5, 2, 1);
        return g;
    }

    private Node connection(PreferencesViewModel vm) {
        GridPane g = grid();
        Spinner<Integer> port = spinner("prefListenPort", 0, 65535, 1, vm.listenPortProperty());
        g.addRow(0, new Label("Listen port (0: any free one)"), port);
        g.add(check("prefDht", "Find peers with the DHT (mainline, BEP 5)", vm.dhtProperty()), 0, 1, 2, 1);
        g.add(check("prefPex", "Exchange peers with connected peers (PEX, BEP 11)", vm.pexProperty()), 0, 2, 2, 1);
        g.add(check("prefLsd", "Find peers on the local network (LSD, BEP 14)", vm.lsdProperty()), 0, 3, 2, 1);
        Label note = new Label("The port, the DHT, peer exchange and local discovery change on the next start.");
        note.getStyleClass().add("text-muted");
        g.add(note, 0, 4, 2, 1);
        return g;
    }

    private Node speed(PreferencesViewModel vm) {
        GridPane g = grid();
        g.addRow(0, new Label("Download limit (KiB/s, 0 = none)"),
                spinner("prefDownloadLimit", 0, 10_000_000, 64, vm.downloadLimitProperty()));
        g.addRow(1, new Label("Upload limit (KiB/s, 0 = none)"),
                spinner("prefUploadLimit", 0, 10_000_000, 64, vm.uploadLimitProperty()));
        g.add(check("prefAltEnabled", "Alternative limits on a schedule", vm.altEnabledProperty()), 0, 2, 2, 1);
        Spinner<Integer> altDown = spinner("prefAltDownload", 0, 10_000_000, 64, vm.altDownloadLimitProperty());
        Spinner<Integer> altUp = spinner("prefAltUpload", 0, 10_000_000, 64, vm.altUploadLimitProperty());
        Spinner<Integer> from = spinner("prefAltFrom", 0, 23, 1, vm.altFromHourProperty());
        Spinner<Integer> to = spinner("prefAltTo", 0, 24, 1, vm.altToHourProperty());
        from.setPrefWidth(80);
        to.setPrefWidth(80);
        HBox hours = new HBox(6, new Label("from"), from, new Label(":00 to"), to, new Label(":00"));
        hours.setAlignment(Pos.CENTER_LEFT);
        HBox days = new HBox(6);
        for (DayOfWeek d : DayOfWeek.values()) {
            CheckBox c = check("prefAltDay" + d.name(), d.getDisplayName(TextStyle.SHORT, Locale.getDefault()),
                    vm.altDayProperty(d));
            days.getChildren().add(c);
        }
        g.addRow(3, new Label("Alternative download (KiB/s)"), altDown);
        g.addRow(4, new Label("Alternative upload (KiB/s)"), altUp);
        g.addRow(5, new Label("Hours"), hours);
        g.addRow(6, new Label("Days"), days);
        for (Node n : new Node[] {altDown, altUp, hours, days}) {
            n.disableProperty().bind(vm.altEnabledProperty().not());
        }
        return g;
    }

    private Node queue(PreferencesViewModel vm) {
        GridPane g = grid();
        g.addRow(0, new Label("Maximum active downloads (0 = no limit)"),
                spinner("prefMaxDownloads", 0, 10_000, 1, vm.maxDownloadsProperty()));
        g.addRow(1, new Label("Maximum active seeds (0 = no limit)"),
                spinner("prefMaxSeeds", 0, 10_000, 1, vm.maxSeedsProperty()));
        Label note = new Label("Torrents past these wait \u201cQueued\u201d, the earliest added first.");
        note.getStyleClass().add("text-muted");
        g.add(note, 0, 2, 2, 1);
        return g;
    }

    private static CheckBox check(String id, String text, javafx.beans.property.BooleanProperty p) {
        CheckBox c = new CheckBox(text);
        c.setId(id);
        c.selectedProperty().bindBidirectional(p);
        return c;
    }

    private static Spinner<Integer> spinner(String id, int min, int max, int step,
                                            javafx.beans.property.IntegerProperty p) {
        Spinner<Integer> s = new Spinner<>(min, max, Math.max(min, Math.min(max, p.get())), step);
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(140);
        s.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                p.set(b);
            }
        });
        p.addListener((o, a, b) -> s.getValueFactory().setValue(b.intValue()));
        // a typed value counts without pressing Enter
        s.getEditor().textProperty().addListener((o, a, b) -> {
            try {
                int v = Integer.parseInt(b.trim());
                if (v >= min && v <= max) {
                    p.set(v);
                }
            } catch (NumberFormatException e) {
                // keep the last valid value
            }
        });
        return s;
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show() {
        dialog.show();
    }
}

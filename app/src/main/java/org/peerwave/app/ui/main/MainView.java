package org.peerwave.app.ui.main;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.io.File;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.peerwave.app.service.AddSource;
import org.peerwave.app.service.TorrentStatus;
import org.peerwave.app.settings.AppSettings;
import org.peerwave.app.ui.add.AddTorrentView;
import org.peerwave.app.ui.add.AddTorrentViewModel;
import org.peerwave.app.ui.create.CreateTorrentView;
import org.peerwave.app.ui.create.CreateTorrentViewModel;
import org.peerwave.app.ui.details.DetailsView;
import org.peerwave.app.ui.details.DetailsViewModel;
import org.peerwave.app.ui.preferences.PreferencesView;
import org.peerwave.app.ui.preferences.PreferencesViewModel;
import org.peerwave.app.util.Sizes;

/**
 * The main window's content: toolbar, filter side bar, torrent table, details pane and status bar.
 * Builds the controls and binds them to {@link MainViewModel}; opens the dialogs. No logic of its own.
 */
public final class MainView {

    /** The stylesheet, on the classpath next to this class. */
    public static final String STYLESHEET = "main.css";

    private static final DateTimeFormatter ADDED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    /** The torrent table's row height (as main.css sets it). */
    static final double ROW_HEIGHT = 30;

    private final MainViewModel vm;
    private final DetailsViewModel details;
    private final Supplier<AddTorrentViewModel> addViewModels;
    private final Supplier<CreateTorrentViewModel> createViewModels;
    private final Function<java.util.function.Consumer<AppSettings.Theme>, PreferencesViewModel> preferenceViewModels;
    private final ToggleButton themeToggle = new ToggleButton(null, new FontIcon(Material2AL.BRIGHTNESS_6));
    private final BorderPane root = new BorderPane();
    private final TableView<TorrentRow> table = new TableView<>();
    private final TextField search = new TextField();
    private final Map<TorrentColumn, TableColumn<TorrentRow, ?>> columns = new EnumMap<>(TorrentColumn.class);

    public MainView(MainViewModel vm, DetailsViewModel details, Supplier<AddTorrentViewModel> addViewModels,
                    Supplier<CreateTorrentViewModel> createViewModels) {
        this(vm, details, addViewModels, createViewModels, null);
    }

    /**
     * @param preferenceViewModels a fresh preferences view model, given what switches the theme
     *                             (null: no preferences window)
     */
    public MainView(MainViewModel vm, DetailsViewModel details, Supplier<AddTorrentViewModel> addViewModels,
                    Supplier<CreateTorrentViewModel> createViewModels,
                    Function<java.util.function.Consumer<AppSettings.Theme>, PreferencesViewModel> preferenceViewModels) {
        this.preferenceViewModels = preferenceViewModels;
        this.vm = vm;
        this.details = details;
        this.addViewModels = addViewModels;
        this.createViewModels = createViewModels;
        root.setId("mainView");
        root.getStyleClass().add("main-view");
        root.getStylesheets().add(MainView.class.getResource(STYLESHEET).toExternalForm());
        root.setTop(toolbar());
        root.setLeft(sideBar());
        SplitPane split = new SplitPane(torrentTable(), new DetailsView(details).root());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.62);
        root.setCenter(split);
        root.setBottom(statusBar());
        installDrop();
        details.torrentProperty().bind(vm.focusedProperty());
        vm.refreshesProperty().addListener((o, a, b) -> details.refresh());
        Platform.getPreferences().colorSchemeProperty().addListener((o, a, b) -> {
            if (vm.settings().theme() == AppSettings.Theme.SYSTEM) {
                switchTheme(AppSettings.Theme.SYSTEM);
            }
        });
    }

    /** The root node, for a scene. */
    public Parent root() {
        return root;
    }

    public TableView<TorrentRow> table() {
        return table;
    }

    /** Keyboard shortcuts of the window: Ctrl+O, Ctrl+U, Ctrl+F, Ctrl+, (preferences); Space and Delete on the table. */
    public void installShortcuts(Scene scene) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.COMMA, KeyCombination.SHORTCUT_DOWN),
                this::openPreferences);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::addFile);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.U, KeyCombination.SHORTCUT_DOWN), this::addLink);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), () -> {
            search.requestFocus();
            search.selectAll();
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.SPACE) {
                vm.togglePauseSelected();
                e.consume();
            } else if (e.getCode() == KeyCode.DELETE) {
                askRemove();
                e.consume();
            }
        });
    }

    // ---------------------------------------------------------------- toolbar

    private Region toolbar() {
        Label title = new Label("Peerwave");
        title.setId("appTitle");
        title.getStyleClass().add("app-title");
        title.textProperty().bind(vm.titleProperty());
        search.setId("searchBox");
        search.setPromptText("Search  (Ctrl+F)");
        search.setPrefWidth(240);
        search.textProperty().bindBidirectional(vm.searchProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToggleButton theme = themeToggle;
        theme.setId("themeToggle");
        theme.setTooltip(new Tooltip("Dark theme"));
        theme.setSelected(isDark(vm.settings().theme()));
        theme.setOnAction(e -> {
            AppSettings.Theme t = theme.isSelected() ? AppSettings.Theme.DARK : AppSettings.Theme.LIGHT;
            vm.settings().theme(t);
            applyTheme(t);
            vm.saveSettings();
        });
        Button prefs = tool("toolPreferences", Material2MZ.SETTINGS, "Preferences (Ctrl+,)", this::openPreferences);
        prefs.setVisible(preferenceViewModels != null);
        prefs.setManaged(preferenceViewModels != null);
        ToolBar bar = new ToolBar(title,
                tool("toolAddFile", Material2AL.INSERT_DRIVE_FILE, "Add torrent file (Ctrl+O)", this::addFile),
                tool("toolAddLink", Material2AL.LINK, "Add magnet or URL (Ctrl+U)", this::addLink),
                tool("toolCreate", Material2MZ.POST_ADD, "Create torrent", () -> openCreate(null)),
                new javafx.scene.control.Separator(Orientation.VERTICAL),
                tool("toolResume", Material2MZ.PLAY_ARROW, "Resume", vm::resumeSelected),
                tool("toolPause", Material2MZ.PAUSE, "Pause (Space)", vm::pauseSelected),
                tool("toolRemove", Material2AL.DELETE, "Remove (Delete)", this::askRemove),
                new javafx.scene.control.Separator(Orientation.VERTICAL),
                tool("toolOpenFolder", Material2AL.FOLDER_OPEN, "Open folder", vm::openFolder),
                spacer, search, theme, prefs);
        bar.getStyleClass().add("main-toolbar");
        return bar;
    }

    /** Sets the AtlantaFX theme of the whole application (SYSTEM: the desktop's light or dark). */
    public static void applyTheme(AppSettings.Theme theme) {
        Application.setUserAgentStylesheet(isDark(theme)
                ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
    }

    /** True when {@code theme} shows dark now. */
    public static boolean isDark(AppSettings.Theme theme) {
        return switch (theme) {
            case DARK -> true;
            case LIGHT -> false;
            case SYSTEM -> Platform.getPreferences().getColorScheme() == javafx.application.ColorScheme.DARK;
        };
    }

    private void switchTheme(AppSettings.Theme t) {
        applyTheme(t);
        themeToggle.setSelected(isDark(t));
    }

    /** Opens the preferences window (null when there is none). */
    public PreferencesView openPreferences() {
        if (preferenceViewModels == null) {
            return null;
        }
        PreferencesView view = new PreferencesView(preferenceViewModels.apply(this::switchTheme),
                root.getScene().getWindow(), text -> {
                    vm.notice(text);
                    vm.refresh();
                });
        view.show();
        return view;
    }

    private static Button tool(String id, Ikon icon, String tip, Runnable action) {
        Button b = new Button(null, new FontIcon(icon));
        b.setId(id);
        b.getStyleClass().addAll("button-icon", "flat");
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    // ---------------------------------------------------------------- side bar

    private Region sideBar() {
        Label head = new Label("TORRENTS");
        head.getStyleClass().add("section-title");
        VBox box = new VBox(head);
        box.setId("sideBar");
        box.getStyleClass().add("side-bar");
        ToggleGroup group = new ToggleGroup();
        for (TorrentFilter f : TorrentFilter.values()) {
            Label name = new Label(f.label());
            Label count = new Label();
            count.setId("count-" + f.name());
            count.getStyleClass().add("filter-count");
            count.textProperty().bind(vm.countProperty(f).asString());
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            HBox content = new HBox(8, new FontIcon(icon(f)), name, spacer, count);
            content.setAlignment(Pos.CENTER_LEFT);
            ToggleButton b = new ToggleButton();
            b.setId("filter-" + f.name());
            b.getStyleClass().setAll("filter-button");
            b.setGraphic(content);
            b.setMaxWidth(Double.MAX_VALUE);
            content.prefWidthProperty().bind(b.widthProperty().subtract(18));
            b.setToggleGroup(group);
            b.setSelected(vm.filterProperty().get() == f);
            b.setOnAction(e -> {
                vm.filterProperty().set(f);
                b.setSelected(true);
            });
            box.getChildren().add(b);
        }
        return box;
    }

    private static Ikon icon(TorrentFilter f) {
        return switch (f) {
            case ALL -> Material2AL.ALL_INCLUSIVE;
            case DOWNLOADING -> Material2AL.ARROW_DOWNWARD;
            case SEEDING -> Material2AL.ARROW_UPWARD;
            case COMPLETED -> Material2AL.CHECK_CIRCLE;
            case PAUSED -> Material2MZ.PAUSE_CIRCLE_OUTLINE;
            case ERRORED -> Material2AL.ERROR_OUTLINE;
        };
    }

    // ---------------------------------------------------------------- table

    private TableView<TorrentRow> torrentTable() {
        table.setId("torrentTable");
        table.getStyleClass().addAll("torrent-table", "dense");
        // Every row is one line (main.css: -fx-cell-size 30px). A fixed size spares the table
        // measuring rows to estimate its height after every change: with 1,000 torrents, re-sorted
        // once a second, that measuring was most of the JavaFX thread's time.
        table.setFixedCellSize(ROW_HEIGHT);
        table.setItems(vm.visibleTorrents());
        table.setTableMenuButtonVisible(true);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        Label placeholder = new Label(vm.emptyListText());
        placeholder.setId("torrentPlaceholder");
        placeholder.getStyleClass().add("placeholder-text");
        table.setPlaceholder(placeholder);

        for (TorrentColumn c : vm.columnOrder()) {
            TableColumn<TorrentRow, ?> col = column(c);
            col.setVisible(vm.isColumnVisible(c));
            col.setPrefWidth(vm.columnWidth(c));
            columns.put(c, col);
            table.getColumns().add(col);
        }
        table.setSortPolicy(t -> {
            List<MainViewModel.SortKey> keys = new ArrayList<>();
            for (TableColumn<TorrentRow, ?> col : t.getSortOrder()) {
                keys.add(new MainViewModel.SortKey((TorrentColumn) col.getUserData(),
                        col.getSortType() == TableColumn.SortType.ASCENDING));
            }
            vm.sortBy(keys);
            return true;
        });
        table.getColumns().addListener((ListChangeListener<TableColumn<TorrentRow, ?>>) ch -> saveLayout());
        columns.values().forEach(col -> col.visibleProperty().addListener((o, a, b) -> saveLayout()));

        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<TorrentRow>) ch ->
                vm.selection().setAll(List.copyOf(table.getSelectionModel().getSelectedItems())));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.focusedProperty().set(b);
            }
        });
        table.setRowFactory(t -> {
            TableRow<TorrentRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    vm.openFolder();
                }
            });
            return row;
        });
        table.setContextMenu(contextMenu());
        return table;
    }

    private TableColumn<TorrentRow, ?> column(TorrentColumn c) {
        TableColumn<TorrentRow, Object> col = new TableColumn<>(c.title());
        col.setId("col-" + c.id());
        col.setUserData(c);
        @SuppressWarnings("unchecked")
        Function<TorrentRow, javafx.beans.value.ObservableValue<Object>> value =
                r -> (javafx.beans.value.ObservableValue<Object>) c.value(r);
        col.setCellValueFactory(cell -> value.apply(cell.getValue()));
        switch (c) {
            case SIZE -> col.setCellFactory(x -> text(n -> Sizes.bytes(((Number) n).longValue()), true));
            case DOWN, UP -> col.setCellFactory(x -> text(n -> rate(((Number) n).longValue()), true));
            case ETA -> col.setCellFactory(x -> text(n -> eta(((Number) n).longValue()), true));
            case RATIO -> col.setCellFactory(x -> text(n -> String.format("%.2f", ((Number) n).doubleValue()), true));
            case ADDED -> col.setCellFactory(x -> text(n -> ADDED.format((java.time.Instant) n), false));
            case PEERS -> col.setCellFactory(x -> new TableCell<>() {
                @Override
                protected void updateItem(Object item, boolean empty) {
                    super.updateItem(item, empty);
                    TorrentRow r = empty ? null : getTableRow() == null ? null : getTableRow().getItem();
                    if (r == null) {
                        setText(null);
                    } else {
                        int s = r.seedsProperty().get();
                        setText((s < 0 ? "\u2014" : Integer.toString(s)) + " / " + r.peersProperty().get());
                    }
                }
            });
            case PROGRESS -> col.setCellFactory(x -> new ProgressCell());
            case STATE -> col.setCellFactory(x -> new StateCell());
            default -> { }
        }
        if (c == TorrentColumn.SIZE || c == TorrentColumn.DOWN || c == TorrentColumn.UP || c == TorrentColumn.ETA
                || c == TorrentColumn.RATIO || c == TorrentColumn.PEERS) {
            col.getStyleClass().add("numeric");
        }
        return col;
    }

    static String rate(long bytesPerSecond) {
        return bytesPerSecond == 0 ? "" : Sizes.rate(bytesPerSecond);
    }

    static String eta(long seconds) {
        if (seconds == 0) {
            return "";
        }
        if (seconds < 0) {
            return "\u221e";
        }
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        }
        return seconds / 86_400 + "d " + seconds % 86_400 / 3600 + "h";
    }

    private static TableCell<TorrentRow, Object> text(Function<Object, String> format, boolean right) {
        TableCell<TorrentRow, Object> cell = new TableCell<>() {
            @Override
            protected void updateItem(Object item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : format.apply(item));
            }
        };
        if (right) {
            cell.setAlignment(Pos.CENTER_RIGHT);
        }
        return cell;
    }

    /** A progress bar with the percentage over it. */
    static final class ProgressCell extends TableCell<TorrentRow, Object> {
        private final ProgressBar bar = new ProgressBar();
        private final Label text = new Label();
        private final HBox pane = new HBox(6, bar, text);

        ProgressCell() {
            getStyleClass().add("progress-cell");
            text.getStyleClass().add("progress-text");
            text.setMinWidth(Region.USE_PREF_SIZE);
            text.setPrefWidth(44);
            text.setAlignment(Pos.CENTER_RIGHT);
            pane.setAlignment(Pos.CENTER_LEFT);
            HBox.setHgrow(bar, Priority.ALWAYS);
            bar.setMaxWidth(Double.MAX_VALUE);
            bar.getStyleClass().add("small");
        }

        @Override
        protected void updateItem(Object item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
            } else {
                double p = ((Number) item).doubleValue();
                bar.setProgress(p);
                text.setText(String.format("%.1f%%", p * 100));
                setGraphic(pane);
            }
        }
    }

    /** The state's label, coloured by state; an error's reason in the tooltip. */
    static final class StateCell extends TableCell<TorrentRow, Object> {
        @Override
        protected void updateItem(Object item, boolean empty) {
            super.updateItem(item, empty);
            TorrentRow r = empty || getTableRow() == null ? null : getTableRow().getItem();
            if (r == null) {
                setText(null);
                setTooltip(null);
                styleAs(null);
                return;
            }
            setText((String) item);
            styleAs(switch (r.statusProperty().get()) {
                case ERRORED -> "state-errored";
                case SEEDING -> "state-seeding";
                case PAUSED, QUEUED -> "state-paused";
                default -> null;
            });
            String error = r.errorProperty().get();
            if (error.isEmpty()) {
                setTooltip(null);
            } else if (getTooltip() == null || !error.equals(getTooltip().getText())) {
                setTooltip(new Tooltip(error));
            }
        }

        private String styled;

        /** Changes the style class only when it changes (a change re-applies the cell's CSS). */
        private void styleAs(String styleClass) {
            if (java.util.Objects.equals(styled, styleClass)) {
                return;
            }
            if (styled != null) {
                getStyleClass().remove(styled);
            }
            if (styleClass != null) {
                getStyleClass().add(styleClass);
            }
            styled = styleClass;
        }
    }

    private ContextMenu contextMenu() {
        CheckMenuItem sequential = new CheckMenuItem("Sequential download");
        sequential.setOnAction(e -> vm.toggleSequentialSelected());
        ContextMenu menu = new ContextMenu(
                item("Resume", Material2MZ.PLAY_ARROW, vm::resumeSelected),
                item("Pause", Material2MZ.PAUSE, vm::pauseSelected),
                item("Remove\u2026", Material2AL.DELETE, this::askRemove),
                new SeparatorMenuItem(),
                item("Open folder", Material2AL.FOLDER_OPEN, vm::openFolder),
                item("Copy magnet link", Material2AL.CONTENT_COPY, vm::copyMagnets),
                new SeparatorMenuItem(),
                item("Force recheck", Material2MZ.REFRESH, vm::recheckSelected),
                sequential,
                item("Limit speed\u2026", Material2MZ.SPEED, this::askLimits),
                item("Move storage\u2026", Material2MZ.MOVE_TO_INBOX, this::askMove));
        menu.setOnShowing(e -> sequential.setSelected(!vm.selection().isEmpty()
                && vm.selection().stream().allMatch(r -> r.sequentialProperty().get())));
        return menu;
    }

    private static MenuItem item(String text, Ikon icon, Runnable action) {
        MenuItem m = new MenuItem(text, new FontIcon(icon));
        m.setOnAction(e -> action.run());
        return m;
    }

    // ---------------------------------------------------------------- status bar

    private Region statusBar() {
        Label count = new Label();
        count.setId("torrentCount");
        count.textProperty().bind(vm.torrentCountProperty());
        Label notice = new Label();
        notice.setId("notice");
        notice.getStyleClass().add("notice");
        notice.textProperty().bind(vm.noticeProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label rates = new Label();
        rates.setId("transferRates");
        rates.getStyleClass().add("rates");
        rates.setGraphic(new FontIcon(Material2MZ.SHOW_CHART));
        rates.setTooltip(new Tooltip("Show the speed graph"));
        rates.textProperty().bind(vm.transferRatesProperty());
        rates.setOnMouseClicked(e -> showGlobalSpeed());
        Label port = new Label();
        port.setId("listenPort");
        port.setGraphic(new FontIcon(Material2MZ.SETTINGS_ETHERNET));
        port.textProperty().bind(vm.listenPortProperty());
        Label free = new Label();
        free.setId("freeSpace");
        free.setGraphic(new FontIcon(Material2MZ.STORAGE));
        free.textProperty().bind(vm.freeSpaceProperty());
        Label dht = new Label();
        dht.setId("dhtNodes");
        dht.setGraphic(new FontIcon(Material2AL.DEVICE_HUB));
        dht.textProperty().bind(vm.dhtStatusProperty());
        HBox bar = new HBox(count, notice, spacer, rates, dht, port, free);
        bar.setId("statusBar");
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    /** A window with every torrent's rates added up, over 1, 5 or 10 minutes. */
    public Stage showGlobalSpeed() {
        SpeedGraphView graph = new SpeedGraphView();
        graph.setId("globalSpeedGraph");
        ToggleGroup group = new ToggleGroup();
        HBox top = new HBox(4);
        top.setAlignment(Pos.CENTER_LEFT);
        for (int s : DetailsViewModel.WINDOWS) {
            ToggleButton b = new ToggleButton(s / 60 + " min");
            b.setToggleGroup(group);
            b.setSelected(vm.speedWindowProperty().get() == s);
            b.setOnAction(e -> {
                vm.speedWindowProperty().set(s);
                b.setSelected(true);
                graph.show(vm.globalHistory().window(s), s);
            });
            top.getChildren().add(b);
        }
        BorderPane pane = new BorderPane(graph, top, null, null, null);
        pane.setStyle("-fx-padding: 8; -fx-background-color: -color-bg-default;");
        Stage stage = new Stage();
        stage.setTitle("Speed \u2014 all torrents");
        stage.initOwner(root.getScene().getWindow());
        stage.setScene(new Scene(pane, 640, 300));
        Runnable redraw = () -> graph.show(vm.globalHistory().window(vm.speedWindowProperty().get()),
                vm.speedWindowProperty().get());
        javafx.beans.value.ChangeListener<Number> l = (o, a, b) -> redraw.run();
        vm.refreshesProperty().addListener(l);
        stage.setOnHidden(e -> vm.refreshesProperty().removeListener(l));
        redraw.run();
        stage.show();
        return stage;
    }

    // ---------------------------------------------------------------- actions and dialogs

    private void addFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Add torrent file");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Torrent files", "*.torrent"));
        List<File> files = chooser.showOpenMultipleDialog(root.getScene().getWindow());
        if (files != null) {
            files.forEach(f -> openAdd(new AddSource.TorrentFile(f.toPath())));
        }
    }

    private void addLink() {
        TextInputDialog d = new TextInputDialog();
        d.initOwner(root.getScene().getWindow());
        d.setTitle("Add magnet or URL");
        d.setHeaderText("A magnet link, or an http(s) link to a .torrent file");
        d.getEditor().setId("linkInput");
        d.getEditor().setPrefColumnCount(50);
        d.showAndWait().ifPresent(text -> handleDrop(List.of(), text));
    }

    /**
     * What a drop on the window does (and the test entry point, as headless JavaFX has no OS drag and
     * drop): .torrent files and links open the add dialog, other files and folders the create dialog.
     */
    public void handleDrop(List<File> files, String text) {
        DropPlan plan = MainViewModel.planDrop(files.stream().map(File::toPath).toList(), text);
        plan.adds().forEach(this::openAdd);
        plan.creates().forEach(this::openCreate);
        if (plan.isEmpty()) {
            vm.notice("Nothing to add in what was dropped");
        }
    }

    private void installDrop() {
        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() || e.getDragboard().hasString() || e.getDragboard().hasUrl()) {
                e.acceptTransferModes(TransferMode.COPY_OR_MOVE);
            }
            e.consume();
        });
        root.setOnDragDropped(e -> {
            var board = e.getDragboard();
            List<File> files = board.hasFiles() ? board.getFiles() : List.of();
            String text = board.hasUrl() ? board.getUrl() : board.hasString() ? board.getString() : null;
            handleDrop(files, text);
            e.setDropCompleted(true);
            e.consume();
        });
    }

    /** Opens the add dialog on a source. */
    public AddTorrentView openAdd(AddSource source) {
        AddTorrentViewModel addVm = addViewModels.get();
        AddTorrentView view = new AddTorrentView(addVm, root.getScene().getWindow(), text -> {
            vm.notice(text);
            vm.refresh();
        });
        addVm.load(source);
        view.show();
        return view;
    }

    /** Opens the create dialog, on a file or folder when given. */
    public CreateTorrentView openCreate(Path source) {
        CreateTorrentViewModel createVm = createViewModels.get();
        if (source != null) {
            createVm.sourceProperty().set(source.toAbsolutePath().toString());
        }
        CreateTorrentView view = new CreateTorrentView(createVm, root.getScene().getWindow(), text -> {
            vm.notice(text);
            vm.refresh();
        });
        view.show();
        return view;
    }

    private void askRemove() {
        RemoveRequest r = vm.prepareRemove();
        if (r == null) {
            return;
        }
        ButtonType keep = new ButtonType("Remove", ButtonBar.ButtonData.OK_DONE);
        ButtonType delete = new ButtonType("Remove and delete files", ButtonBar.ButtonData.OTHER);
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(root.getScene().getWindow());
        d.setTitle(r.title());
        d.setContentText(r.message());
        d.getDialogPane().setId("removeDialog");
        d.getDialogPane().getButtonTypes().addAll(delete, keep, ButtonType.CANCEL);
        d.getDialogPane().lookupButton(delete).setId("removeDelete");
        d.getDialogPane().lookupButton(keep).setId("removeKeep");
        d.setResultConverter(b -> b);
        d.setOnHidden(e -> {
            ButtonType b = d.getResult();
            if (b == keep || b == delete) {
                vm.confirmRemove(r, b == delete);
            }
        });
        d.show();
    }

    private void askLimits() {
        if (vm.selection().isEmpty()) {
            return;
        }
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(root.getScene().getWindow());
        d.setTitle("Limit speed");
        Spinner<Integer> down = new Spinner<>(0, 10_000_000, 0, 64);
        Spinner<Integer> up = new Spinner<>(0, 10_000_000, 0, 64);
        down.setEditable(true);
        up.setEditable(true);
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.addRow(0, new Label("Download (KiB/s, 0 = none)"), down);
        g.addRow(1, new Label("Upload (KiB/s, 0 = none)"), up);
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.showAndWait().filter(b -> b == ButtonType.OK)
                .ifPresent(b -> vm.setLimitsSelected(up.getValue(), down.getValue()));
    }

    private void askMove() {
        if (vm.selection().isEmpty()) {
            return;
        }
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Move to");
        File f = chooser.showDialog(root.getScene().getWindow());
        if (f != null) {
            vm.moveSelected(f.toPath());
        }
    }

    /** Remembers column order, visibility and widths. */
    public void saveLayout() {
        List<TorrentColumn> order = new ArrayList<>();
        Set<TorrentColumn> hidden = EnumSet.noneOf(TorrentColumn.class);
        Map<TorrentColumn, Double> widths = new EnumMap<>(TorrentColumn.class);
        for (TableColumn<TorrentRow, ?> col : table.getColumns()) {
            TorrentColumn c = (TorrentColumn) col.getUserData();
            order.add(c);
            if (!col.isVisible()) {
                hidden.add(c);
            }
            widths.put(c, col.getWidth() > 0 ? col.getWidth() : col.getPrefWidth());
        }
        vm.saveLayout(order, hidden, widths);
    }

    /** Runs on the FX thread, for callers elsewhere. */
    static void fx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }
}

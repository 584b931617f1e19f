package org.peerwave.app.ui.main;

import java.util.List;
import java.util.function.Function;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.cell.ProgressBarTableCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.peerwave.app.util.Sizes;

/**
 * The main window's content: a header with the app name, the torrent list and a status bar.
 * Builds the controls and binds them to {@link MainViewModel}; no logic of its own.
 */
public final class MainView {

    /** The stylesheet, on the classpath next to this class. */
    public static final String STYLESHEET = "main.css";

    private final BorderPane root = new BorderPane();

    public MainView(MainViewModel viewModel) {
        root.setId("mainView");
        root.getStyleClass().add("main-view");
        root.getStylesheets().add(MainView.class.getResource(STYLESHEET).toExternalForm());
        root.setTop(header(viewModel));
        root.setCenter(torrentTable(viewModel));
        root.setBottom(statusBar(viewModel));
    }

    /** The root node, for a scene. */
    public Parent root() {
        return root;
    }

    private static Region header(MainViewModel vm) {
        Label title = new Label();
        title.setId("appTitle");
        title.getStyleClass().add("app-title");
        title.textProperty().bind(vm.titleProperty());

        HBox header = new HBox(title);
        header.setId("header");
        header.getStyleClass().add("header");
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }

    private static TableView<TorrentRow> torrentTable(MainViewModel vm) {
        TableView<TorrentRow> table = new TableView<>(vm.torrents());
        table.setId("torrentTable");
        table.getStyleClass().add("torrent-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);

        Label placeholder = new Label(vm.emptyListText());
        placeholder.setId("torrentPlaceholder");
        placeholder.getStyleClass().add("placeholder-text");
        table.setPlaceholder(placeholder);

        TableColumn<TorrentRow, String> name = column("Name", TorrentRow::nameProperty, 360);
        TableColumn<TorrentRow, Number> size = column("Size", TorrentRow::sizeProperty, 100);
        size.setCellFactory(c -> textCell(n -> Sizes.bytes(n.longValue())));
        TableColumn<TorrentRow, Double> progress = column("Progress", r -> r.progressProperty().asObject(), 150);
        progress.setCellFactory(ProgressBarTableCell.forTableColumn());
        TableColumn<TorrentRow, String> state = column("State", TorrentRow::stateProperty, 110);
        TableColumn<TorrentRow, Number> down = column("Down", TorrentRow::downloadRateProperty, 100);
        down.setCellFactory(c -> textCell(n -> Sizes.rate(n.longValue())));
        TableColumn<TorrentRow, Number> up = column("Up", TorrentRow::uploadRateProperty, 100);
        up.setCellFactory(c -> textCell(n -> Sizes.rate(n.longValue())));
        for (TableColumn<TorrentRow, ?> c : List.of(size, down, up)) {
            c.getStyleClass().add("numeric");
        }

        table.getColumns().setAll(List.of(name, size, progress, state, down, up));
        return table;
    }

    private static Region statusBar(MainViewModel vm) {
        Label count = new Label();
        count.setId("torrentCount");
        count.textProperty().bind(vm.torrentCountProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label rates = new Label();
        rates.setId("transferRates");
        rates.textProperty().bind(vm.transferRatesProperty());

        HBox bar = new HBox(count, spacer, rates);
        bar.setId("statusBar");
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private static <T> TableColumn<TorrentRow, T> column(
            String title, Function<TorrentRow, ObservableValue<T>> value, double prefWidth) {
        TableColumn<TorrentRow, T> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> value.apply(cell.getValue()));
        c.setPrefWidth(prefWidth);
        return c;
    }

    private static <T> TableCell<TorrentRow, T> textCell(Function<T, String> format) {
        return new TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : format.apply(item));
            }
        };
    }
}

"""The dashboard dock: the same figures as `glossator report` (documents done
per day, label counts, suggestion acceptance, agreement heatmap, review
speed), each a matplotlib Figure from `annotations.agreement.charts` shown on
a QtAgg canvas. The figures are computed in the background
(`workers.start_on_store`, on a Store of the worker's own) when the panel is
first shown and on Refresh; a result that arrives after a newer request, or
for another store, is dropped. matplotlib loads only when the panel is opened.
"""
from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from annotations.agreement.report import SECTIONS

from .. import workers


def _compute(store, _progress):
    from annotations.agreement.charts import dashboard_figures

    return dashboard_figures(store)


class DashboardPanel(QWidget):
    def __init__(self, store_location, parent=None):
        super().__init__(parent)
        self.setObjectName("dashboardPanel")
        self.store_location = store_location
        self.board = None
        self.canvases: dict[str, QWidget] = {}
        self._request = 0
        self.refresh_button = QPushButton("Refresh", objectName="dashboardRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.status = QLabel(objectName="dashboardStatus")
        top = QHBoxLayout()
        top.addWidget(self.refresh_button)
        top.addWidget(self.status, 1)
        self.body = QWidget()
        self.charts = QVBoxLayout(self.body)
        scroll = QScrollArea(objectName="dashboardScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(scroll)

    @property
    def busy(self) -> bool:
        return not self.refresh_button.isEnabled()

    def refresh(self) -> None:
        """Compute the dashboard again in the background."""
        self._request += 1
        request, location = self._request, self.store_location
        self.refresh_button.setEnabled(False)
        self.status.setText("Computing…")
        workers.start_on_store(location, _compute,
                               lambda result: self._show(request, location, result),
                               lambda error: self._failed(request, error))

    def _failed(self, request: int, error: str) -> None:
        if request == self._request:
            self.refresh_button.setEnabled(True)
            self.status.setText(f"Could not compute the dashboard: {error}")

    def _show(self, request: int, location, result) -> None:
        if request != self._request or location != self.store_location:
            return  # a newer refresh or another store: this result is stale
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        self.refresh_button.setEnabled(True)
        self.board, figures = result
        while self.charts.count():
            item = self.charts.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.canvases = {}
        for name, heading, empty in SECTIONS:
            fig = figures.get(name)
            if fig is None:  # the chart's own title names it otherwise
                self.charts.addWidget(QLabel(f"<b>{heading}</b>"))
                note = QLabel(empty, objectName=f"dashboard_{name}_empty")
                note.setStyleSheet("color: #777; font-style: italic")
                self.charts.addWidget(note)
                continue
            canvas = FigureCanvasQTAgg(fig)
            canvas.setObjectName(f"dashboard_{name}")
            # the report crops at save time ("tight" bounding box); a canvas must hold titles, legends
            # and labels that reach past the figure, so it takes that box's size
            box = fig.get_tightbbox(canvas.get_renderer())
            fig.set_size_inches(max(box.width, fig.get_figwidth()) + 0.2, max(box.height, fig.get_figheight()) + 0.1)
            fig.set_layout_engine("tight")
            width, height = fig.get_size_inches() * fig.dpi
            canvas.setFixedSize(int(width), int(height))  # as drawn for the report; the panel scrolls
            self.canvases[name] = canvas
            self.charts.addWidget(canvas)
        report = self.board.agreement
        single = report.single_layer_documents if report is not None else []
        if single:
            self.charts.addWidget(QLabel(f"{len(single)} document(s) covered by one layer only are not counted "
                                         "in the agreement."))
        self.charts.addStretch(1)
        layers = len(report.layers) if report is not None else 0
        self.status.setText(f"Computed at {datetime.now().strftime('%H:%M:%S')} · {layers} layer(s) compared")

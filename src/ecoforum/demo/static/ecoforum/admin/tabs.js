/* ecoforum: a small stand-in for jQuery UI's tabs, just what django-modeltranslation's
 * tabbed language fields use (init with {active}, "option" "active", the "tabsactivate"
 * event), so the back office loads nothing from a CDN (settings.JQUERY_UI_URL). */
(function ($) {
  "use strict";
  if (!$ || $.fn.tabs) {
    return;
  }

  function parts($container) {
    return {
      items: $container.children("ul").first().children("li"),
      panels: $container.children("div")
    };
  }

  function activate($container, index, notify) {
    var p = parts($container);
    var old = $container.data("ecoforumTabsActive");
    if (!(index >= 0 && index < p.items.length)) {
      index = 0;
    }
    p.items.removeClass("ui-tabs-active ui-state-active").attr("aria-selected", "false");
    p.panels.addClass("ui-tabs-hide");
    var $tab = p.items.eq(index).addClass("ui-tabs-active ui-state-active").attr("aria-selected", "true");
    p.panels.eq(index).removeClass("ui-tabs-hide");
    $container.data("ecoforumTabsActive", index);
    if (notify && old !== index) {
      $container.trigger("tabsactivate", [{ newTab: $tab, oldTab: p.items.eq(old || 0) }]);
    }
  }

  $.fn.tabs = function (options, name, value) {
    if (typeof options === "string") {
      if (options === "option" && name === "active") {
        if (value === undefined) {
          return this.first().data("ecoforumTabsActive");
        }
        return this.each(function () {
          activate($(this), value, true);
        });
      }
      return this;
    }
    var settings = options || {};
    return this.each(function () {
      var $container = $(this).addClass("ui-tabs ui-widget");
      var p = parts($container);
      $container.children("ul").first().addClass("ui-tabs-nav ui-helper-reset ui-helper-clearfix")
        .attr("role", "tablist");
      p.panels.addClass("ui-tabs-panel").attr("role", "tabpanel");
      p.items.addClass("ui-state-default").attr("role", "tab").each(function (index) {
        $(this).children("a").on("click", function (event) {
          event.preventDefault();
          activate($container, index, true);
        });
      });
      activate($container, settings.active || 0, false);
    });
  };
})(window.jQuery || (window.django && window.django.jQuery));

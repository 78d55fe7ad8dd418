"""The market room: the merchant registry, the market's additional clock and its calendar, and the
market's small statistics table."""

from mediation_app.services.market.clock import MarketClockService
from mediation_app.services.market.fund import FundReceipts
from mediation_app.services.market.merchants import MerchantService
from mediation_app.services.market.stats import MarketStatsService

__all__ = ["FundReceipts", "MarketClockService", "MarketStatsService", "MerchantService"]
